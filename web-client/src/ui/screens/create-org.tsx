/** Creating an organisation with the operator token (first run of an instance). */
export function CreateOrg() {
  return null;
}
