#define WRAP(name) int co_wrapper name(BlockDriverState *bs)
WRAP(bdrv_foo);
#define PASTE co_ ## wrapper
#define MULTI \
    int co_wrapper bdrv_bar(BlockDriverState *bs);
