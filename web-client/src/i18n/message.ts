/** One text of a catalogue: a string, or plural forms chosen by `count`. */
export type Message = string | { one?: string; two?: string; few?: string; many?: string; other: string };
