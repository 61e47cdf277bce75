-- A mixed Lua workload: allocation (binary trees), table-heavy permutations (fannkuch), float
-- arithmetic (n-body, spectral norm), strings (building, gsub, formatting), closures and
-- sorting. `lua bench.lua SCALE`; every line of output is deterministic.
local scale = tonumber(arg[1]) or 1

local function binarytrees(depth)
  local function make(d)
    if d == 0 then return {} end
    d = d - 1
    return { make(d), make(d) }
  end
  local function check(t)
    if t[1] then return 1 + check(t[1]) + check(t[2]) end
    return 1
  end
  local total = 0
  for d = 4, depth, 2 do
    local iterations = 1 << (depth - d + 4)
    for _ = 1, iterations do total = total + check(make(d)) end
  end
  return total
end

local function fannkuch(n)
  local perm, perm1, count = {}, {}, {}
  for i = 0, n - 1 do perm1[i] = i end
  local maxFlips, checksum, r, permCount = 0, 0, n, 0
  while true do
    while r ~= 1 do count[r - 1] = r; r = r - 1 end
    for i = 0, n - 1 do perm[i] = perm1[i] end
    local flips = 0
    local k = perm[0]
    while k ~= 0 do
      local i, j = 0, k
      while i < j do perm[i], perm[j] = perm[j], perm[i]; i = i + 1; j = j - 1 end
      flips = flips + 1
      k = perm[0]
    end
    if flips > maxFlips then maxFlips = flips end
    checksum = checksum + (permCount % 2 == 0 and flips or -flips)
    while true do
      if r == n then return checksum, maxFlips end
      local perm0 = perm1[0]
      for i = 0, r - 1 do perm1[i] = perm1[i + 1] end
      perm1[r] = perm0
      count[r] = count[r] - 1
      if count[r] > 0 then break end
      r = r + 1
    end
    permCount = permCount + 1
  end
end

local function nbody(steps)
  local bodies = {
    { x = 0, y = 0, z = 0, vx = 0, vy = 0, vz = 0, m = 39.47841760435743 },
    { x = 4.84, y = -1.16, z = -0.10, vx = 0.606, vy = 2.81, vz = -0.02, m = 0.037 },
    { x = 8.34, y = 4.12, z = -0.40, vx = -1.01, vy = 1.82, vz = 0.008, m = 0.011 },
    { x = 12.89, y = -15.11, z = -0.22, vx = 1.08, vy = 0.868, vz = -0.01, m = 0.0017 },
    { x = 15.37, y = -25.91, z = 0.179, vx = 0.979, vy = 0.594, vz = -0.034, m = 0.002 },
  }
  local n = #bodies
  for _ = 1, steps do
    for i = 1, n do
      local a = bodies[i]
      for j = i + 1, n do
        local b = bodies[j]
        local dx, dy, dz = a.x - b.x, a.y - b.y, a.z - b.z
        local d2 = dx * dx + dy * dy + dz * dz
        local mag = 0.01 / (d2 * math.sqrt(d2))
        a.vx = a.vx - dx * b.m * mag; a.vy = a.vy - dy * b.m * mag; a.vz = a.vz - dz * b.m * mag
        b.vx = b.vx + dx * a.m * mag; b.vy = b.vy + dy * a.m * mag; b.vz = b.vz + dz * a.m * mag
      end
    end
    for i = 1, n do
      local b = bodies[i]
      b.x = b.x + 0.01 * b.vx; b.y = b.y + 0.01 * b.vy; b.z = b.z + 0.01 * b.vz
    end
  end
  local e = 0
  for i = 1, n do
    local b = bodies[i]
    e = e + 0.5 * b.m * (b.vx * b.vx + b.vy * b.vy + b.vz * b.vz)
  end
  return e
end

local function spectralnorm(n)
  local function a(i, j)
    local ij = i + j - 1
    return 1.0 / (ij * (ij - 1) * 0.5 + i)
  end
  -- y = A x, or y = A^T x when transposed
  local function multiply(x, y, transposed)
    for i = 1, n do
      local s = 0
      for j = 1, n do
        s = s + (transposed and a(j, i) or a(i, j)) * x[j]
      end
      y[i] = s
    end
  end
  local u, v, t = {}, {}, {}
  for i = 1, n do u[i] = 1 end
  for _ = 1, 10 do
    multiply(u, t, false); multiply(t, v, true); multiply(v, t, false); multiply(t, u, true)
  end
  local vbv, vv = 0, 0
  for i = 1, n do vbv = vbv + u[i] * v[i]; vv = vv + v[i] * v[i] end
  return math.sqrt(vbv / vv)
end

local function strings(n)
  local parts = {}
  for i = 1, n do parts[#parts + 1] = string.format("%d:%x;", i, i * 7919) end
  local text = table.concat(parts)
  local replaced, count = text:gsub("(%d+):(%x+);", "%2=%1,")
  local sum = 0
  for word in replaced:gmatch("=(%d+),") do sum = sum + tonumber(word) end
  return #text, count, sum, replaced:sub(1, 24)
end

local function closuresAndSort(n)
  local seed = 42
  local function random()
    seed = (seed * 1103515245 + 12345) % 2147483648
    return seed
  end
  local items = {}
  for i = 1, n do items[i] = { key = random() % 100000, id = i } end
  table.sort(items, function(a, b)
    if a.key ~= b.key then return a.key < b.key end
    return a.id < b.id
  end)
  local hash = 0
  for i = 1, n, 97 do hash = (hash * 31 + items[i].key + items[i].id) % 1000000007 end
  local counters = {}
  for i = 1, 64 do
    local count = 0
    counters[i] = function() count = count + i; return count end
  end
  local total = 0
  for _ = 1, n // 8 do
    for i = 1, 64 do total = total + counters[i]() % 7 end
  end
  return hash, total
end

print("binarytrees", binarytrees(10 + scale))
print("fannkuch", fannkuch(7 + (scale > 1 and 1 or 0)))
print("nbody", string.format("%.9f", nbody(20000 * scale)))
print("spectralnorm", string.format("%.9f", spectralnorm(60 * scale)))
print("strings", strings(20000 * scale))
print("sort", closuresAndSort(20000 * scale))
