/* Stand-in for QEMU's block/block-gen.h (cowrap benchmark). */
#include "bench-runtime.h"
