/** What the person had typed in each chat but not sent, kept while the tab lives (not on the device: it may be shared). */
const drafts = new Map<string, string>();

export const Drafts = {
  get: (chatId: string) => drafts.get(chatId),
  set: (chatId: string, text: string) => void (text ? drafts.set(chatId, text) : drafts.delete(chatId)),
  delete: (chatId: string) => void drafts.delete(chatId),
};

export function forgetDrafts(): void {
  drafts.clear();
}
