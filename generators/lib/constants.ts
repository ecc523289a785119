/** The one key in .yo-rc.json under which every generator of this package keeps its answers. */
export const CONFIG_KEY_NAME = 'generator-go-minimal';
