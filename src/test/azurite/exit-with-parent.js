// Preloaded into Azurite (node --require) by dev.lakewire.testing.Azurite: the test JVM holds
// this process's stdin open, so when that JVM ends in any way (even killed), stdin closes and
// Azurite exits with it instead of lingering on its port.
process.stdin.on("end", () => process.exit(0));
process.stdin.on("error", () => process.exit(0));
process.stdin.resume();
