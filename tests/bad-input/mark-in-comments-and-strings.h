/* int co_wrapper bdrv_a(BlockDriverState *bs); */
// int co_wrapper bdrv_b(BlockDriverState *bs);
const char *doc = "int co_wrapper bdrv_c(BlockDriverState *bs);";
const char *u = u8"co_wrapper_bogus";
