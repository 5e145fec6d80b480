// The kernel's epoch in JavaScript: nn/kernel.py line for line, so the browser reaches the very same bits.
//
// JavaScript's numbers are IEEE doubles and + - * / round as numba's do (no operation fused, none
// reordered), and exp here is the kernel's own (fdlibm's), not Math.exp, whose last bits differ between
// browsers. So every epoch, every loss and every weight is bit for bit what nn/kernel.py makes, for every
// option: the rule, the hidden activation, the width, the bias, the people and the learning rate
// (tests/browser/test_kernel_js.py compares them in Chromium). Names follow nn/kernel.py and the series.
//
// Arrays are Float64Arrays: X is n x 4 row by row, layer1 and delta1 are n x hidden row by row, and params
// is the flat vector of nn.layout (weights1 row by row, weights2, then bias1 and bias2).
const HappinessKernel = (() => {
  const SIGMOID = 0, TANH = 1, RELU = 2;  // the hidden layer's activation
  const SERIES = 0, EXACT = 1;            // the derivative rule
  const NO_BEST = 1.0e308;

  // exp's constants: the very numbers of nn/kernel.py (the test reads them from there)
  const LN2_HI = 6.93147180369123816490e-01;
  const LN2_LO = 1.90821492927058770002e-10;
  const INV_LN2 = 1.44269504088896338700e+00;
  const EXP_P1 = 1.66666666666666019037e-01;
  const EXP_P2 = -2.77777777770155933842e-03;
  const EXP_P3 = 6.61375632143793436117e-05;
  const EXP_P4 = -1.65339022054652515390e-06;
  const EXP_P5 = 4.13813679705723846039e-08;
  const EXP_MAX = 7.09782712893383973096e+02;
  const EXP_MIN = -7.45133219101941108420e+02;
  const ROUNDER = 6755399441055744.0;
  const POWERS_OF_2 = new Float64Array(2046);  // 2^-1022 to 2^1023, each exact (doubling and halving are)
  for (let k = 0, p = 1.0; k <= 1023; k++, p *= 2.0) POWERS_OF_2[k + 1022] = p;
  for (let k = -1, p = 0.5; k >= -1022; k--, p /= 2.0) POWERS_OF_2[k + 1022] = p;
  const TWO_TO_MINUS_1000 = POWERS_OF_2[-1000 + 1022];

  function ldexp(y, k) {
    // y x 2^k rounded once, as C's ldexp, for the k past the table: 2^1024, or a subnormal number
    // (y x 2^(k + 1000) is exact, and the last product rounds)
    if (k > 1023) return (y * 2.0) * POWERS_OF_2[k - 1 + 1022];
    return (y * POWERS_OF_2[k + 1000 + 1022]) * TWO_TO_MINUS_1000;
  }

  function exp(x) {
    if (x !== x) return x;
    if (x > EXP_MAX) return Infinity;
    if (x < EXP_MIN) return 0.0;
    if (-3.725290298461914e-09 < x && x < 3.725290298461914e-09) return 1.0 + x;
    const k = (INV_LN2 * x + ROUNDER) - ROUNDER;
    const hi = x - k * LN2_HI;
    const lo = k * LN2_LO;
    const r = hi - lo;
    const t = r * r;
    const c = r - t * (EXP_P1 + t * (EXP_P2 + t * (EXP_P3 + t * (EXP_P4 + t * EXP_P5))));
    const y = 1.0 - ((lo - (r * c) / (2.0 - c)) - hi);
    if (k >= -1022 && k <= 1023) return y * POWERS_OF_2[k + 1022];
    return ldexp(y, k);
  }

  function tanh(x) {
    if (x !== x) return x;
    const a = x < 0.0 ? -x : x;
    let t;
    if (a > 22.0) t = 1.0;
    else if (a < 3.725290298461914e-09) return x;
    else {
      const e = exp(-2.0 * a);
      t = (1.0 - e) / (1.0 + e);
    }
    return x < 0.0 ? -t : t;
  }

  function sigmoid(x) {
    if (x < -709.0) return 0.0;
    return 1.0 / (1.0 + exp(-x));
  }

  function sigmoid_derivative(x) {
    const s = sigmoid(x);
    return s * (1.0 - s);
  }

  function activate(x, activation) {
    if (activation === SIGMOID) return sigmoid(x);
    if (activation === TANH) return tanh(x);
    return x > 0.0 ? x : 0.0;
  }

  function slope(a, activation, rule) {
    if (activation === SIGMOID) return rule === SERIES ? sigmoid_derivative(a) : a * (1.0 - a);
    if (activation === TANH) {
      if (rule === SERIES) {
        const t = tanh(a);
        return 1.0 - t * t;
      }
      return 1.0 - a * a;
    }
    return a > 0.0 ? 1.0 : 0.0;
  }

  // net: {X, y, n, hidden, bias, activation, rule, learningRate}, and its scratch arrays (scratch(net))
  function feedforward(net, params, s) {
    const {X, n, hidden, bias, activation} = net;
    for (let i = 0; i < n; i++) {
      let total2 = 0.0;
      for (let k = 0; k < hidden; k++) {
        let total1 = 0.0;
        for (let f = 0; f < 4; f++) total1 += X[i * 4 + f] * params[f * hidden + k];
        if (bias) total1 += params[5 * hidden + k];
        s.z1[i * hidden + k] = total1;
        s.layer1[i * hidden + k] = activate(total1, activation);
        total2 += s.layer1[i * hidden + k] * params[4 * hidden + k];
      }
      if (bias) total2 += params[6 * hidden];
      s.z2[i] = total2;
      s.output[i] = sigmoid(total2);
    }
  }

  function loss_of(y, output) {
    let total = 0.0;
    for (let i = 0; i < y.length; i++) {
      const error = y[i] - output[i];
      total += error * error;
    }
    return total;
  }

  function backprop(net, params, s) {
    const {X, y, n, hidden, bias, activation, rule} = net;
    const {layer1, output, delta2, delta1, d_params} = s;
    d_params.fill(0.0);
    for (let i = 0; i < n; i++) {
      delta2[i] = 2.0 * (y[i] - output[i]) * slope(output[i], SIGMOID, rule);
      for (let k = 0; k < hidden; k++) {
        delta1[i * hidden + k] = delta2[i] * params[4 * hidden + k] * slope(layer1[i * hidden + k], activation, rule);
      }
    }
    for (let i = 0; i < n; i++) {
      for (let k = 0; k < hidden; k++) {
        for (let f = 0; f < 4; f++) d_params[f * hidden + k] += X[i * 4 + f] * delta1[i * hidden + k];
        d_params[4 * hidden + k] += layer1[i * hidden + k] * delta2[i];
        if (bias) d_params[5 * hidden + k] += delta1[i * hidden + k];
      }
      if (bias) d_params[6 * hidden] += delta2[i];
    }
  }

  function update(params, d_params, learningRate, before) {
    let finite = true;
    for (let j = 0; j < params.length; j++) {
      before[j] = params[j];
      params[j] = params[j] + learningRate * d_params[j];
      if (!Number.isFinite(params[j])) finite = false;
    }
    return finite;
  }

  function scratch(net, size) {
    const {n, hidden} = net;
    return {
      z1: new Float64Array(n * hidden), layer1: new Float64Array(n * hidden), delta1: new Float64Array(n * hidden),
      z2: new Float64Array(n), output: new Float64Array(n), delta2: new Float64Array(n),
      d_params: new Float64Array(size), before: new Float64Array(size),
    };
  }

  function epoch(net, params, s) {
    // one epoch from the outputs of the weights now (s.layer1, s.output); the new loss, or NaN (weights back)
    backprop(net, params, s);
    const finite = update(params, s.d_params, net.learningRate, s.before);
    feedforward(net, params, s);
    const loss = loss_of(net.y, s.output);
    if (!(finite && Number.isFinite(loss))) {
      params.set(s.before);
      return NaN;
    }
    return loss;
  }

  // A network to train: options as nn/kernel.py names them, X as rows of 4 scores, params as numbers.
  function network({X, y, params, hidden, bias, activation, rule, learningRate}) {
    const net = {
      X: Float64Array.from(X.flat()), y: Float64Array.from(y), n: y.length, hidden, bias: !!bias,
      activation, rule, learningRate, params: Float64Array.from(params),
    };
    net.scratch = scratch(net, net.params.length);
    feedforward(net, net.params, net.scratch);
    return net;
  }

  // Train net up to `epochs` epochs; return {done, loss, best, bestEpoch, diverged}: `best` is the lowest loss
  // over these epochs, at epoch `bestEpoch` of them (counted from 1), NO_BEST if none.
  function train(net, epochs) {
    let loss = loss_of(net.y, net.scratch.output), best = NO_BEST, bestEpoch = 0, done = 0;
    while (done < epochs) {
      const next = epoch(net, net.params, net.scratch);
      if (next !== next) return {done, loss, best, bestEpoch, diverged: true};
      loss = next;
      done += 1;
      if (loss < best) {
        best = loss;
        bestEpoch = done;
      }
    }
    return {done, loss, best, bestEpoch, diverged: false};
  }

  // nn/kernel.py's frames: up to `count` frames, one every `stride` epochs, each {loss, low, high, outputs, params}
  function frames(net, count, stride) {
    const out = [];
    for (let f = 0; f < count; f++) {
      let low = NO_BEST, high = -NO_BEST, loss = NaN;
      for (let e = 0; e < stride; e++) {
        loss = epoch(net, net.params, net.scratch);
        if (loss !== loss) return out;
        low = Math.min(low, loss);
        high = Math.max(high, loss);
      }
      out.push({loss, low, high, outputs: Array.from(net.scratch.output), params: Array.from(net.params)});
    }
    return out;
  }

  // The exact bits of doubles, as hex of their little-endian bytes (what nn's fingerprint hashes)
  function bytesOf(values) {
    const bytes = new Uint8Array(values.length * 8), view = new DataView(bytes.buffer);
    values.forEach((v, i) => view.setFloat64(i * 8, v, true));
    return bytes;
  }

  const K = new Uint32Array([
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2]);

  function sha256(bytes) {
    // SHA-256 (FIPS 180-4), for fingerprints: crypto.subtle is missing where a school serves over plain http
    const length = bytes.length, padded = new Uint8Array(Math.ceil((length + 9) / 64) * 64);
    padded.set(bytes);
    padded[length] = 0x80;
    const view = new DataView(padded.buffer);
    view.setUint32(padded.length - 8, Math.floor(length / 0x20000000));
    view.setUint32(padded.length - 4, (length * 8) >>> 0);
    const h = new Uint32Array([0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
      0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19]);
    const w = new Uint32Array(64);
    const rotr = (x, r) => (x >>> r) | (x << (32 - r));
    for (let block = 0; block < padded.length; block += 64) {
      for (let t = 0; t < 16; t++) w[t] = view.getUint32(block + t * 4);
      for (let t = 16; t < 64; t++) {
        const s0 = rotr(w[t - 15], 7) ^ rotr(w[t - 15], 18) ^ (w[t - 15] >>> 3);
        const s1 = rotr(w[t - 2], 17) ^ rotr(w[t - 2], 19) ^ (w[t - 2] >>> 10);
        w[t] = w[t - 16] + s0 + w[t - 7] + s1;
      }
      let [a, b, c, d, e, f, g, k] = h;
      for (let t = 0; t < 64; t++) {
        const t1 = (k + (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) + ((e & f) ^ (~e & g)) + K[t] + w[t]) >>> 0;
        const t2 = ((rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) + ((a & b) ^ (a & c) ^ (b & c))) >>> 0;
        k = g; g = f; f = e; e = (d + t1) >>> 0; d = c; c = b; b = a; a = (t1 + t2) >>> 0;
      }
      [a, b, c, d, e, f, g, k].forEach((v, i) => { h[i] = (h[i] + v) >>> 0; });
    }
    return Array.from(h, (v) => v.toString(16).padStart(8, "0")).join("");
  }

  // nn.network.fingerprint: 8 hex digits of the SHA-256 of the weights' bits
  const fingerprint = (params) => sha256(bytesOf(params)).slice(0, 8);
  const hexOf = (values) => Array.from(bytesOf(values), (b) => b.toString(16).padStart(2, "0")).join("");

  return {SIGMOID, TANH, RELU, SERIES, EXACT, NO_BEST, exp, tanh, sigmoid, sigmoid_derivative, network, train,
    frames, fingerprint, sha256, hexOf, constants: {LN2_HI, LN2_LO, INV_LN2, EXP_P1, EXP_P2, EXP_P3, EXP_P4,
      EXP_P5, EXP_MAX, EXP_MIN, ROUNDER}};
})();
