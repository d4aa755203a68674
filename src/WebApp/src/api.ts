// gRPC-Web clients generated from protos/enerlectra/v1 (buf + protoc-gen-es), over the page's own origin. The
// interceptor sends the CSRF token on every call and, when the server says the session expired, refreshes it once
// and repeats the call.
import { Code, ConnectError, createClient, type Interceptor } from "@connectrpc/connect";
import { createGrpcWebTransport } from "@connectrpc/connect-web";
import { BlockchainService } from "./gen/enerlectra/v1/blockchain_pb";
import { MarketEventService } from "./gen/enerlectra/v1/events_pb";
import { MarketDataService } from "./gen/enerlectra/v1/market_data_pb";
import { OfferService } from "./gen/enerlectra/v1/offers_pb";
import { TradeService } from "./gen/enerlectra/v1/trades_pb";
import { WalletConnectionService } from "./gen/enerlectra/v1/wallet_connection_pb";
import { WalletService } from "./gen/enerlectra/v1/wallets_pb";
import { currentSession, refreshSession } from "./session";

const sessionHeaders: Interceptor = (next) => async (request) => {
  const session = currentSession();
  if (session) request.header.set("X-CSRF-Token", session.csrfToken);
  try {
    return await next(request);
  } catch (e) {
    if (!request.stream && session && ConnectError.from(e).code === Code.Unauthenticated && (await refreshSession())) {
      request.header.set("X-CSRF-Token", currentSession()!.csrfToken);
      return await next(request);
    }
    throw e;
  }
};

const transport = createGrpcWebTransport({
  baseUrl: window.location.origin,
  interceptors: [sessionHeaders],
  fetch: (input, init) => globalThis.fetch(input, { ...init, credentials: "same-origin" }),
});

export const offers = createClient(OfferService, transport);
export const trades = createClient(TradeService, transport);
export const wallets = createClient(WalletService, transport);
export const walletConnections = createClient(WalletConnectionService, transport);
export const chainStatus = createClient(BlockchainService, transport);
export const marketEvents = createClient(MarketEventService, transport);
export const marketData = createClient(MarketDataService, transport);

export const marketId = "default";

/** A message for people from a failed call: the server's own words when it gave a reason. */
export function reason(e: unknown, fallback: string): string {
  const error = ConnectError.from(e);
  return error.code === Code.Unknown || error.code === Code.Internal || !error.rawMessage ? fallback : error.rawMessage;
}
