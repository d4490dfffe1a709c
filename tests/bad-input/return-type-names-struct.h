/* The generated typedef would redefine the return type's tag. */
struct BdrvFoo co_wrapper bdrv_foo(BlockDriverState *bs);
