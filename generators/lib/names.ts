// Names derived from the project name (no imports: context.ts and buildplan.ts both use them).

/** "My_Svc.2" -> "my-svc-2"; "1svc" -> "svc-1svc". */
export function dnsLabel(name: string): string {
  let s = name.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/-+/g, '-').replace(/^-+|-+$/g, '');
  if (!/^[a-z]/.test(s)) s = `svc-${s}`;
  return s.slice(0, 63).replace(/-+$/, '');
}
