int co_wrapper bdrv_foo;
