global using Enerlectra.Testing;
