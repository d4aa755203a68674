global using Xunit;

// Every test class starts a whole gateway (Kestrel, a silo, a sandbox) and some start PostgreSQL-backed silos and
// extra processes; on a 2-core CI box running them side by side only produces timeouts, so classes run one at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]

namespace Enerlectra.IntegrationTests;
