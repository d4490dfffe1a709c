int co_wrapper bdrv_foo(BdrvChild*child);
