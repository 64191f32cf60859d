/** The sign-in code page (`/code`, `/code/<code>`): built with sign-in codes. */
export function CodePage(_props: { code?: string }) {
  return null;
}
