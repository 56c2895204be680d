/** Whether a file is a torch.save file, from its first bytes: loaded before, and without, the reader. */

/** The start of a pre-1.6 torch.save file: PROTO 2, then LONG1 of the magic number 0x1950a86a20f9469cfc6c. */
export const LEGACY_MAGIC = [0x80, 0x02, 0x8a, 0x0a, 0x6c, 0xfc, 0x9c, 0x46, 0xf9, 0x20, 0x6a, 0xa8, 0x50, 0x19];
export const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];

export const startsWith = (bytes: Uint8Array, prefix: number[]) => bytes.length >= prefix.length && prefix.every((b, i) => bytes[i] === b);

/** A torch.save file, or any zip: no other format we read is one, so a torch.save file under another name still gets this reader's errors. */
export function matchTorch(firstBytes: Uint8Array): boolean {
	return startsWith(firstBytes, LEGACY_MAGIC) || startsWith(firstBytes, ZIP_MAGIC);
}
