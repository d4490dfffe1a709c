/* Stand-in for QEMU's block/coroutines.h (cowrap benchmark). */
#include "bench-runtime.h"
