// Double -> integer truncation without Swift's range check. `Int(_: Double)` traps outside Int's range,
// which costs three compares and branches per conversion; in a loop that converts a few times per event
// (HEALPix pixel look-ups of template trials) that was 14-19% of the trial time. This is the bare
// conversion (cvttsd2si): the same value as `Int(_:)` wherever that is defined, undefined elsewhere,
// so callers must know their range.
static inline long long folio_truncate(double x) { return (long long)x; }
