#pragma once

// SIMRUN_AVX2_CLONES compiles a function twice, for AVX2 and for any x86-64,
// and lets the dynamic loader pick one when the program starts (GCC's
// function multiversioning). The loader runs that choice before a
// ThreadSanitizer runtime is up, and the instrumented chooser crashes every
// TSan binary at start; TSan builds therefore keep the portable version only.
// Both versions give the same numbers, so the tests see no difference.
#if defined(__SANITIZE_THREAD__)
#define SIMRUN_TSAN_BUILD 1
#elif defined(__has_feature)
#if __has_feature(thread_sanitizer)
#define SIMRUN_TSAN_BUILD 1
#endif
#endif

#if defined(SIMRUN_TSAN_BUILD) || !defined(__x86_64__)
#define SIMRUN_AVX2_CLONES
#else
#define SIMRUN_AVX2_CLONES __attribute__((target_clones("avx2", "default")))
#endif
