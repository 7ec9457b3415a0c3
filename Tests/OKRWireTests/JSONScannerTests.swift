import Foundation
import OKREvents
import Testing
@testable import OKRWire

/// The hand-written reader behind `observe` and the request envelope: it must read exactly what
/// Foundation reads, and give up (leaving the error to Foundation) on anything it does not.
@Suite struct JSONScannerTests {
    static func scanObserve(_ json: String) -> ObserveParams? {
        Array(json.utf8).withUnsafeBytes { bytes in
            var scanner = JSONScanner(bytes)
            guard let params = ObserveParams.scan(&scanner), scanner.atEnd() else { return nil }
            return params
        }
    }

    static func foundation(_ json: String) -> ObserveParams? {
        try? JSONDecoder().decode(ObserveParams.self, from: Data(json.utf8))
    }

    @Test(arguments: [
        #"{"metric":"signups","value":10}"#,
        #"{ "value" : -0.5e-3 , "metric" : "a.b" , "at" : "2026-02-01T09:30:00.25+02:00" }"#,
        #"{"observations":[{"metric":"m","value":1,"at":"2026-01-01","source":"cron","key":"k1"},{"metric":"n","value":2.5}]}"#,
        #"{"observations":[],"extra":{"nested":[1,[2,{"x":null}]],"t":true,"f":false}}"#,
        #"{"metric":"m","value":123456789012345678,"source":null,"key":null,"at":null}"#,
        #"{"metric":"caf\u00e9 \ud83d\ude00 \"q\" \\ \/ \n\t","value":0.1}"#,
        #"{"metric":"naïve ☃","value":1E+2,"unknown":"ignored"}"#,
        #"{"metric":"m","value":-0}"#,
        #"{"metric":"m","value":9007199254740993}"#,
        #"{"metric":"m","value":3.141592653589793238462643383279}"#,
        #"{"observations":[{"metric":"m","value":1,"at":"2026-01-01"}],"identifyByContent":true}"#,
        #"{"identifyByContent":false,"observations":[{"metric":"m","value":1}]}"#,
    ])
    func readsWhatFoundationReads(_ json: String) throws {
        let expected = try #require(Self.foundation(json))
        let scanned = try #require(Self.scanObserve(json), "the scanner gave up on \(json)")
        #expect(scanned == expected)
        for (a, b) in zip(scanned.observations, expected.observations) {
            #expect(a.value.sign == b.value.sign, "the sign of zero is kept")
        }
    }

    @Test(arguments: [
        #"{"metric":"m","value":1"#,                     // truncated
        #"{"metric":"m","value":01}"#,                    // leading zero
        #"{"metric":"m","value":1.}"#,                    // bare point
        #"{"metric":"m","value":1e400}"#,                 // too large for a Double
        #"{"metric":"m","value":NaN}"#,
        #"{"metric":"m","value":"5"}"#,                   // a string for a number
        #"{"metric":"m","metric":"n","value":1}"#,        // a repeated key
        #"{"metric":"a\qb","value":1}"#,                  // an unknown escape
        #"{"metric":"\ud800","value":1}"#,                // a lone surrogate
        "{\"metric\":\"tab\there\",\"value\":1}",         // a raw control character
        #"{"metric":"m","value":1,}"#,                    // a trailing comma
        #"{"metric":"m","value":1} x"#,                   // trailing garbage
        #"{"value":1}"#,                                  // a required member missing
        #"{"metric":"m","value":1,"at":"yesterday"}"#,    // not a time
        #"{"observations":[{"metric":"m","value":1}],"x":[[[tru]]]}"#,
        #"{"observations":[{"metric":"m","value":1}],"identifyByContent":"yes"}"#,
    ])
    func givesUpOnAnythingElse(_ json: String) {
        #expect(Self.scanObserve(json) == nil)
    }

    @Test func invalidUTF8IsNeverAccepted() {
        var bytes = Array(#"{"metric":"m","value":1,"source":"x"}"#.utf8)
        bytes[bytes.count - 3] = 0xFF
        let scanned: ObserveParams? = bytes.withUnsafeBytes { raw in
            var scanner = JSONScanner(raw)
            return ObserveParams.scan(&scanner)
        }
        #expect(scanned == nil)
        #expect(RPCIncoming.scanSingle(Array(#"{"jsonrpc":"2.0","method":"ping","id":1,"params":{"x":"\#u{FF}"}}"#.utf8)) != nil)
        var envelope = Array(#"{"jsonrpc":"2.0","method":"ping","id":1,"params":{"x":"y"}}"#.utf8)
        envelope[envelope.count - 4] = 0xC3
        #expect(RPCIncoming.scanSingle(envelope) == nil, "a broken string inside params fails the whole line")
    }

    @Test func deepNestingIsLeftToFoundation() {
        let deep = String(repeating: "[", count: JSONScanner.maxDepth + 1) + String(repeating: "]", count: JSONScanner.maxDepth + 1)
        #expect(RPCIncoming.scanSingle(Array(#"{"jsonrpc":"2.0","method":"ping","params":\#(deep)}"#.utf8)) == nil)
    }

    @Test func repeatedMembersItSkipsAreFineButRepeatsOfWhatItReadsAreLeftToFoundation() throws {
        // Foundation accepts repeated keys; checking every key against every other was
        // quadratic in a hostile line's 100,000 keys.
        let junk = (0..<100_000).map { _ in #""x":1"# }.joined(separator: ",")
        let line = Array(#"{"jsonrpc":"2.0","method":"observe","id":1,"params":{"metric":"m","value":1,"extra":{\#(junk)}}}"#.utf8)
        let started = ContinuousClock.now
        let request = try #require(RPCIncoming.scanSingle(line))
        #expect(try request.decodeParams(ObserveParams.self) == ObserveParams(observations: [Observation(metric: "m", value: 1)]))
        #expect(ContinuousClock.now - started < .seconds(1))
        #expect(RPCIncoming.scanSingle(Array(#"{"jsonrpc":"2.0","method":"ping","method":"observe","id":1}"#.utf8)) == nil)
        #expect(Self.scanObserve(#"{"observations":[],"observations":[{"metric":"m","value":1}]}"#) == nil)
    }

    @Test func theEnvelopeIsReadAsTheGeneralPathReadsIt() throws {
        let line = Array(#" {"params":{"metric":"m","value":2},"id":"a\"b","method":"observe","jsonrpc":"2.0"} "#.utf8)
        let request = try #require(RPCIncoming.scanSingle(line))
        #expect(request.method == "observe")
        #expect(request.id == .string("a\"b"))
        #expect(try request.decodeParams(ObserveParams.self) == ObserveParams(observations: [Observation(metric: "m", value: 2)]))
        let notification = try #require(RPCIncoming.scanSingle(Array(#"{"jsonrpc":"2.0","method":"ping"}"#.utf8)))
        #expect(notification.id == nil)
        #expect(RPCIncoming.scanSingle(Array(#"{"jsonrpc":"2.0","method":"ping","id":null}"#.utf8))?.id == .null)
        // A fractional id is any number's right (JSON-RPC 2.0), kept as written.
        #expect(RPCIncoming.scanSingle(Array(#"{"jsonrpc":"2.0","method":"ping","id":1.5}"#.utf8))?.id == .numberText("1.5"))
        // Everything the general path must judge: a wrong version, a non-string method, params
        // that are neither object nor array, a batch.
        for odd in [#"{"jsonrpc":"1.0","method":"ping","id":1}"#, #"{"jsonrpc":"2.0","method":1,"id":1}"#,
                    #"{"jsonrpc":"2.0","method":"ping","params":"x"}"#,
                    #"[{"jsonrpc":"2.0","method":"ping","id":1}]"#] {
            #expect(RPCIncoming.scanSingle(Array(odd.utf8)) == nil, "\(odd)")
        }
    }

    @Test func invalidParamsStillGetFoundationsExactError() throws {
        let line = Array(#"{"jsonrpc":"2.0","method":"observe","params":{"metric":"m","value":"five"},"id":3}"#.utf8)
        let request = try #require(RPCIncoming.scanSingle(line))
        #expect(throws: RPCError.self) { try request.decodeParams(ObserveParams.self) }
        do {
            _ = try request.decodeParams(ObserveParams.self)
        } catch {
            #expect(error.code == RPCError.invalidParamsCode)
            #expect(error.message.contains("value"), "\(error.message)")
        }
    }
}
