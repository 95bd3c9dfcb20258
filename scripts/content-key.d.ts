// Types of scripts/content-key.js, for the tests that use it.
export declare const cacheDir: string;
export declare function contentKey(purpose: string, extensions: readonly string[], within?: readonly string[]): string | undefined;
export declare function lastKey(purpose: string): string | undefined;
export declare function recordKey(purpose: string, key: string | undefined): void;
