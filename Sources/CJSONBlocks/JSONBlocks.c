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

// The same classification on two 32-byte halves: AVX2 compares in the x86-64-v3 copy, pairs of
// 16-byte compares elsewhere.
typedef uint8_t u8x32 __attribute__((vector_size(32)));
typedef _Bool bool32 __attribute__((ext_vector_type(32)));

// A macro, not a function: a 32-byte vector argument has a different ABI with and without AVX.
#define BITS32(lanes, out)                                           \
    do {                                                             \
        bool32 flags_ = __builtin_convertvector((lanes), bool32);    \
        uint32_t bits_;                                              \
        memcpy(&bits_, &flags_, sizeof bits_);                       \
        (out) = bits_;                                               \
    } while (0)

#if defined(__x86_64__) && defined(__ELF__)
#define GACHABOT_CPU_CLONES __attribute__((target_clones("arch=x86-64-v3", "default")))
#else
#define GACHABOT_CPU_CLONES
#endif

GACHABOT_CPU_CLONES
size_t gachabot_json_skip_plain_blocks(const uint8_t *base, size_t count, size_t index, int64_t *depth, bool *in_string) {
    const u8x32 x20 = (u8x32){0} + 0x20;
    const u8x32 quote = x20 + ('"' - 0x20);
    const u8x32 backslash = x20 + ('\\' - 0x20);
    const u8x32 open = x20 + ('{' - 0x20);
    const u8x32 close = x20 + ('}' - 0x20);
    int64_t level = *depth;
    // All ones while inside a string: flips the in-string mask of the next block.
    uint64_t carry = *in_string ? ~(uint64_t)0 : 0;
    while (index + 64 <= count) {
        uint64_t quotes = 0, backslashes = 0, opens = 0, closes = 0, controls = 0;
        for (int half = 0; half < 2; half++) {
            u8x32 v;
            memcpy(&v, base + index + 32 * half, sizeof v);
            u8x32 folded = v | x20;  // '[' -> '{', ']' -> '}'
            int shift = 32 * half;
            uint64_t q, b, o, c, k;
            BITS32((u8x32)(v == quote), q);
            BITS32((u8x32)(v == backslash), b);
            BITS32((u8x32)(folded == open), o);
            BITS32((u8x32)(folded == close), c);
            BITS32((u8x32)(v < x20), k);
            quotes |= q << shift;
            backslashes |= b << shift;
            opens |= o << shift;
            closes |= c << shift;
            controls |= k << shift;
        }
        if (backslashes != 0) break;
        // Bit k set: byte k is inside a string (its opening quote included, its closing one not).
        uint64_t strings = quotes;
        strings ^= strings << 1;
        strings ^= strings << 2;
        strings ^= strings << 4;
        strings ^= strings << 8;
        strings ^= strings << 16;
        strings ^= strings << 32;
        strings ^= carry;
        uint64_t structural_closes = closes & ~strings;
        int close_count = __builtin_popcountll(structural_closes);
        if ((controls & strings) != 0 || close_count >= level) break;
        level += __builtin_popcountll(opens & ~strings) - close_count;
        carry = (uint64_t)((int64_t)strings >> 63);
        index += 64;
    }
    *depth = level;
    *in_string = carry != 0;
    return index;
}
