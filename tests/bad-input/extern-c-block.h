#ifdef __cplusplus
extern "C" {
#endif
int co_wrapper bdrv_foo(BlockDriverState *bs);
#ifdef __cplusplus
}
#endif
