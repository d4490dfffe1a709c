/\
* co_wrapper_bogus ( ) int x co_wrapper */
int co_wrapper bdrv_foo(BlockDriverState *bs);
