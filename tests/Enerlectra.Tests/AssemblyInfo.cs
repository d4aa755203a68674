namespace Enerlectra.Tests;
