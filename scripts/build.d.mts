export declare const ROOT: string;
export declare function sourceFingerprint(root?: string): string;
export declare function buildNeeded(root?: string): string | undefined;
export declare function build(root?: string): Promise<number>;
