global using Enerlectra.Exchange;
global using Enerlectra.Exchange.Events;
global using Enerlectra.Exchange.Model;
global using Xunit;
