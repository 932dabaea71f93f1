-- Starts port 0 as configured, waits 2 s, then prints what port 1 (the real servers' side)
-- received per second over 10 s: jlvs's forwarding rate (or, with SYN traffic, its new
-- connections per second). Called from the .pkt files with `script measure.lua`.
package.path = package.path .. ";?.lua;test/?.lua;app/?.lua;"
require "Pktgen"

local function received(port)
    return pktgen.portStats(port, "port")[tonumber(port)].ipackets
end

pktgen.start("0")
pktgen.delay(2000)
local before = received("1")
pktgen.delay(10000)
local after = received("1")
pktgen.stop("0")
printf("jlvs forwarded %.3f Mpps (port 1 received %d frames in 10 s)\n", (after - before) / 10 / 1e6, after - before)
