global using System.Numerics;
global using Enerlectra.Contracts.Tests.Support;
global using Nethereum.Hex.HexTypes;
global using Nethereum.RPC.Eth.DTOs;
