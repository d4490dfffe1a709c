/* Three syntax errors and one good declaration: each error is reported, nothing is written. */
int co_wrapper bdrv_a(BlockDriverState *bs, int x y);
int co_wrapper bdrv_b(BlockDriverState *bs) int;
int co_wrapper bdrv_good(BlockDriverState *bs);
int co_wrapper bdrv_c(BlockDriverState *bs, (int);
