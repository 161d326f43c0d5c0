#include "CJSONBlocks.h"

#include <string.h>

typedef uint8_t u8x16 __attribute__((vector_size(16)));
typedef _Bool bool16 __attribute__((ext_vector_type(16)));

// A lane-wise compare result (each lane 0 or all ones) as 16 bits; clang lowers this to one
// movemask instruction.
static inline uint64_t bits16(u8x16 lanes) {
    bool16 flags = __builtin_convertvector(lanes, bool16);
    uint16_t bits;
    memcpy(&bits, &flags, sizeof bits);
    return bits;
}

gachabot_json_block gachabot_json_classify64(const uint8_t *bytes) {
    gachabot_json_block block = {0, 0, 0, 0, 0};
    // Every lane 0x20: bit 5 for the bracket fold, and the bound of the control bytes.
    const u8x16 x20 = {0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20};
    const u8x16 quote = x20 + ('"' - 0x20);
    const u8x16 backslash = x20 + ('\\' - 0x20);
    const u8x16 open = x20 + ('{' - 0x20);
    const u8x16 close = x20 + ('}' - 0x20);
    for (int part = 0; part < 4; part++) {
        u8x16 v;
        memcpy(&v, bytes + 16 * part, sizeof v);
        // Setting bit 5 maps '[' to '{' and ']' to '}' and no other byte onto either.
        u8x16 folded = v | x20;
        int shift = 16 * part;
        block.quote |= bits16((u8x16)(v == quote)) << shift;
        block.backslash |= bits16((u8x16)(v == backslash)) << shift;
        block.open |= bits16((u8x16)(folded == open)) << shift;
        block.close |= bits16((u8x16)(folded == close)) << shift;
        block.control |= bits16((u8x16)(v < x20)) << shift;
    }
    return block;
}
