/* A tagged return or parameter type whose tag is not the struct name is fine. */
struct BlockStats { int n; };
enum BlockMode { BLOCK_MODE_A };
struct BlockStats co_wrapper bdrv_stats(BlockDriverState *bs, enum BlockMode mode);
struct BlockStats bdrv_co_stats(BlockDriverState *bs, enum BlockMode mode);
