/* a */
/* b *//* c */
int co_wrapper bdrv_ok(BlockDriverState *bs);
int co_wrapper foo(void);