/*
 * Golden input for qemu-8.0 and later: what QEMU's script misses or gets wrong, which
 * cowrap must handle (generated-code.md section 5), and decoys that are not declarations.
 */
#ifndef GOLDEN_MODERN_LAYOUT_H
#define GOLDEN_MODERN_LAYOUT_H

/* int co_wrapper bdrv_in_comment(BlockDriverState *bs); */
// void co_wrapper_mixed bdrv_in_line_comment(BlockDriverState *bs);
#define DECLARE(name) int co_wrapper name(BlockDriverState *bs)
static const char decoy[] = "int co_wrapper bdrv_in_string(BlockDriverState *bs);";

#if (0)
int co_wrapper bdrv_disabled(BlockDriverState *bs);
#elif 1
int co_wrapper bdrv_live_elif(BlockDriverState *bs);
#endif

#ifdef CONFIG_LINUX
int co_wrapper bdrv_under_ifdef(BlockDriverState *bs);
#endif

/* Any return type; annotations before the mark; the return type on its own line. */
unsigned int coroutine_fn GRAPH_RDLOCK co_wrapper_bdrv_rdlock bdrv_unsigned(BdrvChild *c);

const char *
co_wrapper_mixed bdrv_get_name_x(BlockDriverState*node);

char **co_wrapper bdrv_list_names(BlockBackend *backend, size_t *count);

extern int64_t co_wrapper bdrv_extern_x(BlockDriverState *bs);

/* No parameters at all. */
int co_wrapper bdrv_drain_all_x(void);
void no_co_wrapper bdrv_co_poll_all(void);

/* Function pointers, arrays, const parameters; comments anywhere. */
int co_wrapper_mixed bdrv_walk(BlockDriverState *bs, /* the callback: */
                               int (*visit)(BlockDriverState *child, void *opaque),
                               void *opaque, const int depth, uint8_t key[16],
                               int matrix[3][4]) G_GNUC_WARN_UNUSED_RESULT;

/* camelCase and upper-case names. */
int co_wrapper bdrv_readAhead(BdrvChild *child, int64_t bytes);
int co_wrapper BDRV_FLUSH_CACHE(BlockBackend *blk);
int no_co_wrapper blk_co_setSize(BlockBackend *blk, int64_t size);

#endif
