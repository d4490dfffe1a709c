/*
 * Golden input for the legacy dialects: declarations QEMU's script of those releases does
 * not see (annotations before the mark, odd layout, comments), and decoys that are not
 * declarations at all. cowrap must generate exactly the marked prototypes.
 */
#ifndef GOLDEN_LEGACY_LAYOUT_H
#define GOLDEN_LEGACY_LAYOUT_H

/* int generated_co_wrapper bdrv_in_comment(BlockDriverState *bs); */
// int generated_co_wrapper bdrv_in_line_comment(BlockDriverState *bs);

#if 0
int generated_co_wrapper bdrv_disabled(BlockDriverState *bs);
#else
int coroutine_fn generated_co_wrapper bdrv_enabled(BlockDriverState *bs);
#endif

#define DECLARE_WRAPPER(name) int generated_co_wrapper name(BlockDriverState *bs)

static const char *const decoy = "int generated_co_wrapper bdrv_in_string(BlockDriverState *bs);";

    int
generated_co_wrapper
bdrv_spread_out(
    BdrvChild *c,           /* not named "child": the BS comes from c */
    int64_t offset
);

int generated_co_wrapper /* between */ bdrv_commented(BlockDriverState*top, int n) /* after */;

extern int generated_co_wrapper bdrv_extern(BlockDriverState *bs, const char *name);

int generated_co_wrapper bdrv_readArray(BdrvChild *child, uint8_t sector[512],
                                        void (*cb)(void *opaque, int ret), void *opaque);

#endif
