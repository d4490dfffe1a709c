struct BDRVState { int a; struct { char b[4]; } inner; };
enum { A = (1 << 3), B };
typedef int (*fn_t)(void);
static inline int helper(int x) { if (x) { return x * 2; } return '}'; }
;;;
int co_wrapper bdrv_foo(BlockDriverState *bs);
