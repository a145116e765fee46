/// The last trades of the book (price and quantity), oldest overwritten first, and their volume-weighted
/// average price. The average is recomputed by rescanning the whole window on every order — the demo's
/// CPU hot spot, the kind a profile finds at once (a running sum would make it constant time).
struct TradeWindow {
    private var prices: [Int]
    private var quantities: [Int]
    private var next = 0
    private var filled = 0

    /// A window of the last `capacity` trades.
    init(capacity: Int) {
        prices = Array(repeating: 0, count: capacity)
        quantities = Array(repeating: 0, count: capacity)
    }

    /// Records one trade.
    mutating func record(price: Int, quantity: Int) {
        prices[next] = price
        quantities[next] = quantity
        next = (next + 1) % prices.count
        filled = min(filled + 1, prices.count)
    }

    /// The volume-weighted average price of the window, or nil before the first trade.
    @inline(never)
    func volumeWeightedPrice() -> Int? {
        var notional = 0, volume = 0
        for i in 0..<filled {
            notional &+= prices[i] &* quantities[i]
            volume &+= quantities[i]
        }
        return volume == 0 ? nil : notional / volume
    }
}
