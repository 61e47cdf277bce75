/* One program as a native object for the benchmark binary: includes PROGRAM (whose names are
 * all static) and exports its run as ENTRY, widened to 64 bits. */
#include PROGRAM

int64_t ENTRY(void);
int64_t ENTRY(void) { return (int64_t)run(); }
