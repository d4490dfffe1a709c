/* Tags share one name space: the generated struct BdrvBar clashes with enum BdrvBar. */
int co_wrapper bdrv_bar(BlockDriverState *bs, enum BdrvBar mode);
