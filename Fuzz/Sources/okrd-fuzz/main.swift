// okrd-fuzz: libFuzzer over OKRServer's request path (Fuzz/README.md). Only `make fuzz` builds
// the harness; an ordinary build gets this stub, so that `swift build` needs no libFuzzer.
#if OKR_FUZZ
RequestFuzzer.run()
#else
import Foundation

FileHandle.standardError.write(Data("okrd-fuzz: built without the fuzzer; run `make fuzz` (Fuzz/README.md)\n".utf8))
exit(2)
#endif
