// Untrusted text shown literally must not reorder what is around it (RELIABILITY case 5): bidi
// controls are made visible. Shared by the React views and the static bundle.
const BIDI_CONTROLS = /[\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C]/g;

export function revealBidi(text: string): string {
  return text.replace(BIDI_CONTROLS, (c) => `⟨U+${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, "0")}⟩`);
}
