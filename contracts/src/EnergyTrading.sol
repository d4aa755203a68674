// SPDX-License-Identifier: UNLICENSED
pragma solidity 0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {Pausable} from "@openzeppelin/contracts/utils/Pausable.sol";
import {ReentrancyGuard} from "@openzeppelin/contracts/utils/ReentrancyGuard.sol";

/// @title EnergyTrading: neighbourhood solar offers settled on-chain or by mobile money.
/// @notice Units (the same integers the Enerlectra server uses everywhere):
///  - energy in Wh (EnergyToken, 0 decimals); an offer holds 1,000 to 10,000,000 Wh (1 to 10,000 kWh);
///  - money in ngwee (PaymentToken, 2 decimals; 100 ngwee = ZMW 1);
///  - prices in ngwee per kWh, 1 to 100,000 (ZMW 1,000 per kWh, the server's cap);
///  - fees in basis points (1 bp = 1/10,000), 25 bps by default, at most MAX_FEE_BPS.
/// Every amount is a uint256 and the largest intermediate product (10^7 Wh * 10^5 ngwee/kWh = 10^12) is far below
/// 2^256, so no arithmetic here can overflow; checked arithmetic would revert anyway.
///
/// Price of a trade (identical to the server's TradePricing.Price):
///  totalPrice = ceil(energyWh * pricePerKwh / 1000)   (a part-ngwee is never given away)
///  fee        = ceil(totalPrice * feeBps / 10000)      (a fee is never lost to rounding)
///  seller gets totalPrice - fee, so seller + fee == totalPrice exactly; fee <= totalPrice (feeBps <= 10000), so
///  the seller's share is never negative (a 1-ngwee trade is all fee).
///
/// Roles: DEFAULT_ADMIN_ROLE (pause/unpause, fee and fee recipient, role management) and OPERATOR_ROLE (the
/// Enerlectra server: records mobile-money trades and payments, mirrors its own offers, pays for on-chain purchases
/// on behalf of buyers who connected a wallet, may cancel any offer).
///
/// Server-managed offers: the server mirrors the offers of its own order book with mirrorEnergyOffer, keyed by its
/// offer id (bytes32). Such an offer is sold by the operator's account (which holds the platform's energy
/// inventory) and is traded only by the operator (executeTradeWithMobileMoney, executeTradeFor); it cannot be bought
/// directly with executeTradeWithBlockchain (ServerManagedOffer), and only an operator may cancel it. The server is
/// the authority on its expiry: operator trades on a server-managed offer skip the expiry check (the server reserved
/// the energy before the offer expired, and the mirror or the trade may land late after a chain outage).
/// @dev Every state-changing function follows checks-effects-interactions and is nonReentrant; token moves use
/// SafeERC20. Cancelling stays possible while paused so that sellers can always take their escrow back.
contract EnergyTrading is AccessControl, Pausable, ReentrancyGuard {
    using SafeERC20 for IERC20;

    /// @notice The Enerlectra server's account: mobile-money trades and payments, cancelling any offer.
    bytes32 public constant OPERATOR_ROLE = keccak256("OPERATOR_ROLE");

    /// @notice Smallest offer: 1 kWh.
    uint256 public constant MIN_OFFER_WH = 1_000;
    /// @notice Largest offer: 10,000 kWh.
    uint256 public constant MAX_OFFER_WH = 10_000_000;
    /// @notice Largest price: ZMW 1,000 per kWh (anything above is a typing mistake, as on the server).
    uint256 public constant MAX_PRICE_PER_KWH = 100_000;
    /// @notice An offer expires at most this long after it is created.
    uint256 public constant MAX_OFFER_LIFETIME = 30 days;
    /// @notice The platform fee can never be set above 5%.
    uint256 public constant MAX_FEE_BPS = 500;
    /// @notice The fee a new deployment starts with: 0.25%.
    uint256 public constant DEFAULT_FEE_BPS = 25;
    /// @notice Mobile money references are provider ids (a UUID for MTN); longer ones are refused.
    uint256 public constant MAX_REFERENCE_LENGTH = 128;

    uint256 private constant BPS_DENOMINATOR = 10_000;
    uint256 private constant WH_PER_KWH = 1_000;

    /// @notice None: no such offer. Expiry is not a stored status: an Active offer past `expiresAt` cannot be
    /// traded, only cancelled.
    enum OfferStatus {
        None,
        Active,
        Filled,
        Cancelled
    }

    enum PaymentMethod {
        Blockchain,
        MobileMoney
    }

    struct Offer {
        address seller;
        bool acceptMobileMoney;
        OfferStatus status;
        /// Wh offered when the offer was created.
        uint256 energyAmount;
        /// Wh still escrowed here and for sale.
        uint256 remainingAmount;
        /// ngwee per kWh.
        uint256 pricePerKwh;
        /// Unix seconds; trading is allowed while block.timestamp < expiresAt.
        uint256 expiresAt;
        uint256 createdAt;
    }

    IERC20 public immutable energyToken;
    IERC20 public immutable paymentToken;

    /// @notice Platform fee in basis points, taken out of the seller's share.
    uint256 public feeBps;
    /// @notice Receives the platform fee of on-chain trades.
    address public feeRecipient;
    /// @notice The id the next offer will get; ids start at 1 so 0 never names an offer.
    uint256 public nextOfferId = 1;

    mapping(uint256 offerId => Offer) private _offers;
    /// @dev keccak256 of each mobile money reference already used, by either mobile money function: one payment
    /// on the provider pays for exactly one thing here.
    mapping(bytes32 referenceHash => bool used) private _usedReferences;
    /// offerId → the server's offer id (bytes32(0) for offers created directly on-chain)
    mapping(uint256 offerId => bytes32 serverOfferId) private _serverOfferIds;
    mapping(bytes32 serverOfferId => uint256 offerId) private _offerIdsByServerId;
    /// @dev The server's trade ids already paid through executeTradeFor: each pays once.
    mapping(bytes32 tradeRef => bool recorded) private _recordedTrades;
    /// @dev The server's deposit ids already collected through depositFor: each collects once.
    mapping(bytes32 depositRef => bool recorded) private _recordedDeposits;

    event EnergyOfferCreated(
        uint256 indexed offerId,
        address indexed seller,
        uint256 energyAmount,
        uint256 pricePerKwh,
        uint256 expiresAt,
        bool acceptMobileMoney
    );
    /// @notice One trade. totalPrice and fee are in ngwee; for MobileMoney they record what was collected off-chain.
    event TradeExecuted(
        uint256 indexed offerId,
        address indexed buyer,
        address indexed seller,
        uint256 energyAmount,
        uint256 totalPrice,
        uint256 fee,
        PaymentMethod paymentMethod
    );
    /// @notice A mobile money payment was recorded. offerId is 0 for processMobileMoneyPayment (no offer involved).
    event MobileMoneyPaymentReceived(
        address indexed user, string mobileMoneyRef, uint256 energyAmount, uint256 indexed offerId
    );
    event EnergyOfferCancelled(
        uint256 indexed offerId, address indexed seller, uint256 returnedAmount, address cancelledBy
    );
    /// @notice The offer's remaining energy or status changed because of a fill.
    event EnergyOfferUpdated(uint256 indexed offerId, uint256 remainingAmount, OfferStatus status);
    event FeeUpdated(uint256 oldFeeBps, uint256 newFeeBps);
    event FeeRecipientUpdated(address oldRecipient, address newRecipient);
    /// @notice The server's offer `serverOfferId` is on-chain as `offerId` (emitted after EnergyOfferCreated).
    event OfferMirrored(bytes32 indexed serverOfferId, uint256 indexed offerId);
    /// @notice The operator executed the server's trade `tradeRef` on-chain for `buyer`, paid from the buyer's
    /// payment tokens (emitted after the trade's TradeExecuted).
    event ServerTradeExecuted(bytes32 indexed tradeRef, uint256 indexed offerId, address indexed buyer);
    /// @notice The operator collected the server's deposit `depositRef`: `amount` ngwee of payment tokens from
    /// `account` to the platform's account (feeRecipient), for the server to credit to the user's market balance.
    event DepositCollected(bytes32 indexed depositRef, address indexed account, uint256 amount);

    error OfferNotFound(uint256 offerId);
    error OfferNotActive(uint256 offerId, OfferStatus status);
    error OfferExpired(uint256 offerId, uint256 expiresAt);
    error InsufficientRemaining(uint256 offerId, uint256 requested, uint256 remaining);
    error ReferenceAlreadyUsed(string mobileMoneyRef);
    error InvalidReference();
    error InvalidAmount(uint256 energyAmount);
    error InvalidPrice(uint256 pricePerKwh);
    error InvalidExpiry(uint256 expiresAt);
    error NotSeller(uint256 offerId, address caller);
    error SelfTrade(uint256 offerId);
    error MobileMoneyNotAccepted(uint256 offerId);
    error ZeroAddress();
    error FeeTooHigh(uint256 feeBps, uint256 maxFeeBps);
    error OfferAlreadyMirrored(bytes32 serverOfferId, uint256 offerId);
    error ServerManagedOffer(uint256 offerId);
    error TradeAlreadyRecorded(bytes32 tradeRef);
    error InvalidServerId();
    error DepositAlreadyRecorded(bytes32 depositRef);
    error InvalidDepositAmount(uint256 amount);
    error OfferStillActive(uint256 offerId);
    error NotServerManaged(uint256 offerId);

    /// @param energyToken_ the EnergyToken (Wh).
    /// @param paymentToken_ the ZMW stablecoin (ngwee): PaymentToken on dev chains, a configured address in production.
    /// @param admin gets DEFAULT_ADMIN_ROLE.
    /// @param operator gets OPERATOR_ROLE (the server's account).
    /// @param feeRecipient_ receives platform fees.
    constructor(
        IERC20 energyToken_,
        IERC20 paymentToken_,
        address admin,
        address operator,
        address feeRecipient_
    ) {
        if (
            address(energyToken_) == address(0) || address(paymentToken_) == address(0) || admin == address(0)
                || operator == address(0) || feeRecipient_ == address(0)
        ) revert ZeroAddress();
        energyToken = energyToken_;
        paymentToken = paymentToken_;
        feeRecipient = feeRecipient_;
        feeBps = DEFAULT_FEE_BPS;
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
        _grantRole(OPERATOR_ROLE, operator);
    }

    // ---------------------------------------------------------------- offers

    /// @notice Offers `energyAmount` Wh at `pricePerKwh` ngwee per kWh until `expiresAt` (unix seconds).
    /// The energy is escrowed here (the caller must have approved this contract for it).
    /// @param acceptMobileMoney whether the operator may sell this offer to buyers who pay by mobile money.
    /// @return offerId the new offer's id (from 1 up).
    function createEnergyOffer(uint256 energyAmount, uint256 pricePerKwh, uint256 expiresAt, bool acceptMobileMoney)
        external
        whenNotPaused
        nonReentrant
        returns (uint256 offerId)
    {
        if (energyAmount < MIN_OFFER_WH || energyAmount > MAX_OFFER_WH) revert InvalidAmount(energyAmount);
        if (pricePerKwh == 0 || pricePerKwh > MAX_PRICE_PER_KWH) revert InvalidPrice(pricePerKwh);
        if (expiresAt <= block.timestamp || expiresAt > block.timestamp + MAX_OFFER_LIFETIME) {
            revert InvalidExpiry(expiresAt);
        }

        offerId = _storeOffer(energyAmount, pricePerKwh, expiresAt, acceptMobileMoney);

        energyToken.safeTransferFrom(msg.sender, address(this), energyAmount);
    }

    /// @notice Mirrors the server's offer `serverOfferId` on-chain: `energyAmount` Wh at `pricePerKwh` ngwee per kWh
    /// until `expiresAt`, sold by the calling operator's account (the platform's energy inventory, escrowed here; it
    /// must have approved this contract), accepting mobile money. Each server offer is mirrored once
    /// (OfferAlreadyMirrored names the existing on-chain id, so a retry after a lost receipt can recover it).
    /// @dev Amount and price are validated as in createEnergyOffer. The expiry must be non-zero and at most
    /// MAX_OFFER_LIFETIME ahead, but may already be past: the server is the authority on its own offers' expiry and
    /// a mirror can land late after a chain outage (operator trades on the offer skip the expiry check).
    /// @return offerId the new on-chain offer id.
    function mirrorEnergyOffer(bytes32 serverOfferId, uint256 energyAmount, uint256 pricePerKwh, uint256 expiresAt)
        external
        onlyRole(OPERATOR_ROLE)
        whenNotPaused
        nonReentrant
        returns (uint256 offerId)
    {
        if (serverOfferId == bytes32(0)) revert InvalidServerId();
        uint256 existing = _offerIdsByServerId[serverOfferId];
        if (existing != 0) revert OfferAlreadyMirrored(serverOfferId, existing);
        if (energyAmount < MIN_OFFER_WH || energyAmount > MAX_OFFER_WH) revert InvalidAmount(energyAmount);
        if (pricePerKwh == 0 || pricePerKwh > MAX_PRICE_PER_KWH) revert InvalidPrice(pricePerKwh);
        if (expiresAt == 0 || expiresAt > block.timestamp + MAX_OFFER_LIFETIME) revert InvalidExpiry(expiresAt);

        offerId = _storeOffer(energyAmount, pricePerKwh, expiresAt, true);
        _serverOfferIds[offerId] = serverOfferId;
        _offerIdsByServerId[serverOfferId] = offerId;
        emit OfferMirrored(serverOfferId, offerId);

        energyToken.safeTransferFrom(msg.sender, address(this), energyAmount);
    }

    /// @notice Cancels an offer and returns the remaining escrow to the seller. The seller or an operator may
    /// cancel; an expired offer can (only) be cancelled this way to reclaim its energy. Allowed while paused.
    /// A server-managed offer (mirrorEnergyOffer) is cancelled by an operator only (ServerManagedOffer otherwise).
    function cancelEnergyOffer(uint256 offerId) external nonReentrant {
        Offer storage offer = _activeOffer(offerId);
        address seller = offer.seller;
        bool isOperator = hasRole(OPERATOR_ROLE, msg.sender);
        if (!isOperator && _serverOfferIds[offerId] != bytes32(0)) revert ServerManagedOffer(offerId);
        if (msg.sender != seller && !isOperator) revert NotSeller(offerId, msg.sender);

        uint256 returned = offer.remainingAmount;
        offer.remainingAmount = 0;
        offer.status = OfferStatus.Cancelled;
        emit EnergyOfferCancelled(offerId, seller, returned, msg.sender);

        if (returned > 0) energyToken.safeTransfer(seller, returned);
    }

    // ---------------------------------------------------------------- trades

    /// @notice Buys `energyAmount` Wh (0 = all that remains) of an offer, paying in the payment token: the buyer
    /// must have approved this contract for totalPrice (see calculatePrice). The seller receives totalPrice - fee,
    /// the fee recipient the fee, and the buyer the energy. Server-managed offers are refused (ServerManagedOffer):
    /// the server sells those through executeTradeFor.
    function executeTradeWithBlockchain(uint256 offerId, uint256 energyAmount) external whenNotPaused nonReentrant {
        Offer storage offer = _tradableOffer(offerId, false);
        address seller = offer.seller;
        if (msg.sender == seller) revert SelfTrade(offerId);
        uint256 amount = _fill(offer, offerId, energyAmount);
        (uint256 totalPrice, uint256 fee, uint256 sellerAmount) = calculatePrice(amount, offer.pricePerKwh);

        emit TradeExecuted(offerId, msg.sender, seller, amount, totalPrice, fee, PaymentMethod.Blockchain);
        emit EnergyOfferUpdated(offerId, offer.remainingAmount, offer.status);

        _pullPrice(msg.sender, seller, sellerAmount, fee);
        energyToken.safeTransfer(msg.sender, amount);
    }

    /// @notice Records a trade the buyer paid for by mobile money (the money moved off-chain, so no payment token
    /// moves here) and hands the buyer `energyAmount` Wh (0 = all that remains) from the offer's escrow.
    /// Operator only; the offer must accept mobile money; each `mobileMoneyRef` can be used once. The expiry check is
    /// skipped for server-managed offers (the server reserved the energy before the offer expired).
    function executeTradeWithMobileMoney(
        uint256 offerId,
        address buyer,
        uint256 energyAmount,
        string calldata mobileMoneyRef
    ) external onlyRole(OPERATOR_ROLE) whenNotPaused nonReentrant {
        if (buyer == address(0)) revert ZeroAddress();
        bytes32 referenceHash = _checkReference(mobileMoneyRef);
        Offer storage offer = _tradableOffer(offerId, true);
        if (!offer.acceptMobileMoney) revert MobileMoneyNotAccepted(offerId);
        address seller = offer.seller;
        if (buyer == seller) revert SelfTrade(offerId);
        uint256 amount = _fill(offer, offerId, energyAmount);
        (uint256 totalPrice, uint256 fee,) = calculatePrice(amount, offer.pricePerKwh);

        _usedReferences[referenceHash] = true;
        emit TradeExecuted(offerId, buyer, seller, amount, totalPrice, fee, PaymentMethod.MobileMoney);
        emit MobileMoneyPaymentReceived(buyer, mobileMoneyRef, amount, offerId);
        emit EnergyOfferUpdated(offerId, offer.remainingAmount, offer.status);

        energyToken.safeTransfer(buyer, amount);
    }

    /// @notice Executes the server's trade `tradeRef` on-chain for `buyer`, who connected a wallet and asked the
    /// server (through its API) to buy `energyAmount` Wh (0 = all that remains) of offer `offerId`. Paid exactly as
    /// executeTradeWithBlockchain, but from `buyer`: the seller receives totalPrice - fee and the fee recipient the
    /// fee, both pulled from the buyer (who must have approved this contract for totalPrice), and the buyer gets the
    /// energy. Operator only; each `tradeRef` executes once (TradeAlreadyRecorded). Works on direct and
    /// server-managed offers; the expiry check is skipped for server-managed offers only.
    /// @dev Trust assumption: a buyer's payment-token allowance to this contract lets the operator buy energy for
    /// them with it. The server does so only for a purchase the buyer asked for through the API, and the allowance
    /// the buyer chose caps what can ever be spent; buyers who do not want this should approve only what each
    /// purchase costs (or nothing, and buy with executeTradeWithBlockchain).
    function executeTradeFor(bytes32 tradeRef, uint256 offerId, address buyer, uint256 energyAmount)
        external
        onlyRole(OPERATOR_ROLE)
        whenNotPaused
        nonReentrant
    {
        _checkServerTrade(tradeRef, buyer);
        Offer storage offer = _tradableOffer(offerId, true);
        address seller = offer.seller;
        if (buyer == seller) revert SelfTrade(offerId);
        uint256 amount = _fill(offer, offerId, energyAmount);

        (uint256 sellerAmount, uint256 fee) = _recordServerTrade(tradeRef, offerId, buyer, seller, amount, offer.pricePerKwh);
        emit EnergyOfferUpdated(offerId, offer.remainingAmount, offer.status);

        _pullPrice(buyer, seller, sellerAmount, fee);
        energyToken.safeTransfer(buyer, amount);
    }

    /// @notice Collects again the server's trade `tradeRef` on its server-managed offer `offerId` after the offer was
    /// closed: a chain reorganisation undid the trade's executeTradeFor, and the offer was filled or cancelled on the
    /// new chain before the server could collect it again (a cancel returns the escrow, this trade's energy included,
    /// to the seller's inventory). The buyer pays exactly as in executeTradeFor (the offer's price, the current fee,
    /// pulled from the buyer's allowance) and gets `energyAmount` Wh from the calling operator's inventory (which
    /// must have approved this contract); the offer itself is not changed. Operator only; the same trade ids as
    /// executeTradeFor, so a trade is paid once whichever function pays it (TradeAlreadyRecorded).
    /// @dev Refused for an active offer (OfferStillActive: executeTradeFor fills it from its escrow) and for direct
    /// offers (NotServerManaged: their energy went back to a seller the operator cannot take it from). The amount is
    /// capped by the offer's original size: the server never sold more of an offer than it offered.
    function recollectTradeFor(bytes32 tradeRef, uint256 offerId, address buyer, uint256 energyAmount)
        external
        onlyRole(OPERATOR_ROLE)
        whenNotPaused
        nonReentrant
    {
        _checkServerTrade(tradeRef, buyer);
        Offer storage offer = _offers[offerId];
        if (offer.status == OfferStatus.None) revert OfferNotFound(offerId);
        if (_serverOfferIds[offerId] == bytes32(0)) revert NotServerManaged(offerId);
        if (offer.status == OfferStatus.Active) revert OfferStillActive(offerId);
        if (energyAmount == 0 || energyAmount > offer.energyAmount) revert InvalidAmount(energyAmount);
        address seller = offer.seller;
        if (buyer == seller) revert SelfTrade(offerId);

        (uint256 sellerAmount, uint256 fee) = _recordServerTrade(tradeRef, offerId, buyer, seller, energyAmount, offer.pricePerKwh);

        _pullPrice(buyer, seller, sellerAmount, fee);
        energyToken.safeTransferFrom(msg.sender, buyer, energyAmount);
    }

    // ---------------------------------------------------------------- deposits

    /// @notice Collects the server's deposit `depositRef`: moves `amount` ngwee of payment tokens from `account` (a
    /// user's linked wallet, which must have approved this contract for it) to the platform's account, the fee
    /// recipient, which holds the money the server then credits to the user's market balance. Operator only; each
    /// `depositRef` collects once (DepositAlreadyRecorded), so a retry after a lost answer can never collect twice.
    /// @dev Same trust assumption as executeTradeFor: the allowance a user gives this contract lets the operator
    /// move it, which the server does only for a deposit the user asked for through the API.
    function depositFor(bytes32 depositRef, address account, uint256 amount)
        external
        onlyRole(OPERATOR_ROLE)
        whenNotPaused
        nonReentrant
    {
        if (depositRef == bytes32(0)) revert InvalidServerId();
        if (_recordedDeposits[depositRef]) revert DepositAlreadyRecorded(depositRef);
        if (account == address(0)) revert ZeroAddress();
        if (amount == 0) revert InvalidDepositAmount(amount);

        _recordedDeposits[depositRef] = true;
        emit DepositCollected(depositRef, account, amount);

        paymentToken.safeTransferFrom(account, feeRecipient, amount);
    }

    /// @notice Records a mobile money payment by `user` for `energyAmount` Wh that is not tied to an on-chain offer,
    /// and credits the user with that energy. Operator only; each `mobileMoneyRef` can be used once (shared with
    /// executeTradeWithMobileMoney: one provider payment pays for one thing).
    /// @dev The original design credited the user's energy balance. Here the energy is transferred from the calling
    /// operator's own EnergyToken balance (the platform's inventory, which must have approved this contract), not
    /// minted: EnergyToken is minted only from metered generation, so total supply stays equal to total metered
    /// generation and the server's conservation invariant holds on-chain as well.
    function processMobileMoneyPayment(address user, string calldata mobileMoneyRef, uint256 energyAmount)
        external
        onlyRole(OPERATOR_ROLE)
        whenNotPaused
        nonReentrant
    {
        if (user == address(0)) revert ZeroAddress();
        if (energyAmount == 0) revert InvalidAmount(energyAmount);
        bytes32 referenceHash = _checkReference(mobileMoneyRef);

        _usedReferences[referenceHash] = true;
        emit MobileMoneyPaymentReceived(user, mobileMoneyRef, energyAmount, 0);

        energyToken.safeTransferFrom(msg.sender, user, energyAmount);
    }

    // ---------------------------------------------------------------- admin

    function pause() external onlyRole(DEFAULT_ADMIN_ROLE) {
        _pause();
    }

    function unpause() external onlyRole(DEFAULT_ADMIN_ROLE) {
        _unpause();
    }

    /// @notice Sets the platform fee for future trades, at most MAX_FEE_BPS.
    function setFeeBps(uint256 newFeeBps) external onlyRole(DEFAULT_ADMIN_ROLE) {
        if (newFeeBps > MAX_FEE_BPS) revert FeeTooHigh(newFeeBps, MAX_FEE_BPS);
        emit FeeUpdated(feeBps, newFeeBps);
        feeBps = newFeeBps;
    }

    function setFeeRecipient(address newRecipient) external onlyRole(DEFAULT_ADMIN_ROLE) {
        if (newRecipient == address(0)) revert ZeroAddress();
        emit FeeRecipientUpdated(feeRecipient, newRecipient);
        feeRecipient = newRecipient;
    }

    // ---------------------------------------------------------------- views

    /// @notice The price of `energyAmount` Wh at `pricePerKwh` ngwee/kWh under the current fee, all in ngwee.
    /// Both the price and the fee round up (a part-ngwee and a part of the fee are never given away);
    /// sellerAmount + fee == totalPrice always.
    function calculatePrice(uint256 energyAmount, uint256 pricePerKwh)
        public
        view
        returns (uint256 totalPrice, uint256 fee, uint256 sellerAmount)
    {
        totalPrice = _ceilDiv(energyAmount * pricePerKwh, WH_PER_KWH);
        fee = _ceilDiv(totalPrice * feeBps, BPS_DENOMINATOR);
        sellerAmount = totalPrice - fee;
    }

    /// @notice The offer with id `offerId` (status None if there is none).
    function getOffer(uint256 offerId) external view returns (Offer memory) {
        return _offers[offerId];
    }

    /// @notice Whether `mobileMoneyRef` was already used by a mobile money trade or payment.
    function isReferenceUsed(string calldata mobileMoneyRef) external view returns (bool) {
        return _usedReferences[keccak256(bytes(mobileMoneyRef))];
    }

    /// @notice The on-chain id of the server's offer `serverOfferId`; 0 if it is not mirrored.
    function offerIdForServerOffer(bytes32 serverOfferId) external view returns (uint256) {
        return _offerIdsByServerId[serverOfferId];
    }

    /// @notice The server's id of offer `offerId`; bytes32(0) for an offer created directly on-chain (or none).
    function serverOfferIdOf(uint256 offerId) external view returns (bytes32) {
        return _serverOfferIds[offerId];
    }

    /// @notice Whether the server's trade `tradeRef` was already executed by executeTradeFor.
    function isTradeRecorded(bytes32 tradeRef) external view returns (bool) {
        return _recordedTrades[tradeRef];
    }

    /// @notice Whether the server's deposit `depositRef` was already collected by depositFor.
    function isDepositRecorded(bytes32 depositRef) external view returns (bool) {
        return _recordedDeposits[depositRef];
    }

    // ---------------------------------------------------------------- internals

    function _activeOffer(uint256 offerId) private view returns (Offer storage offer) {
        offer = _offers[offerId];
        if (offer.status == OfferStatus.None) revert OfferNotFound(offerId);
        if (offer.status != OfferStatus.Active) revert OfferNotActive(offerId, offer.status);
    }

    /// @dev An Active offer the caller may trade now. Server-managed offers are traded only by the operator
    /// (`byOperator`), who is exempt from their expiry; direct offers are checked for expiry whoever trades.
    function _tradableOffer(uint256 offerId, bool byOperator) private view returns (Offer storage offer) {
        offer = _activeOffer(offerId);
        bool serverManaged = _serverOfferIds[offerId] != bytes32(0);
        if (serverManaged && !byOperator) revert ServerManagedOffer(offerId);
        if (!serverManaged && block.timestamp >= offer.expiresAt) revert OfferExpired(offerId, offer.expiresAt);
    }

    /// @dev Stores a new Active offer sold by msg.sender and emits EnergyOfferCreated; the caller escrows the energy.
    function _storeOffer(uint256 energyAmount, uint256 pricePerKwh, uint256 expiresAt, bool acceptMobileMoney)
        private
        returns (uint256 offerId)
    {
        offerId = nextOfferId++;
        _offers[offerId] = Offer({
            seller: msg.sender,
            acceptMobileMoney: acceptMobileMoney,
            status: OfferStatus.Active,
            energyAmount: energyAmount,
            remainingAmount: energyAmount,
            pricePerKwh: pricePerKwh,
            expiresAt: expiresAt,
            createdAt: block.timestamp
        });
        emit EnergyOfferCreated(offerId, msg.sender, energyAmount, pricePerKwh, expiresAt, acceptMobileMoney);
    }

    /// @dev Takes `requested` Wh (0 = all) out of the offer's remaining energy; returns the amount taken.
    function _fill(Offer storage offer, uint256 offerId, uint256 requested) private returns (uint256 amount) {
        uint256 remaining = offer.remainingAmount;
        amount = requested == 0 ? remaining : requested;
        if (amount > remaining) revert InsufficientRemaining(offerId, amount, remaining);
        remaining -= amount;
        offer.remainingAmount = remaining;
        if (remaining == 0) offer.status = OfferStatus.Filled;
    }

    /// @dev The checks every operator-paid server trade shares: a real trade id, not paid before, a real buyer.
    function _checkServerTrade(bytes32 tradeRef, address buyer) private view {
        if (tradeRef == bytes32(0)) revert InvalidServerId();
        if (_recordedTrades[tradeRef]) revert TradeAlreadyRecorded(tradeRef);
        if (buyer == address(0)) revert ZeroAddress();
    }

    /// @dev Marks the server's trade paid and emits its TradeExecuted and ServerTradeExecuted (effects only; the
    /// caller pulls the price and moves the energy after its own effects). Returns the seller's share and the fee.
    function _recordServerTrade(
        bytes32 tradeRef,
        uint256 offerId,
        address buyer,
        address seller,
        uint256 energyAmount,
        uint256 pricePerKwh
    ) private returns (uint256 sellerAmount, uint256 fee) {
        uint256 totalPrice;
        (totalPrice, fee, sellerAmount) = calculatePrice(energyAmount, pricePerKwh);
        _recordedTrades[tradeRef] = true;
        emit TradeExecuted(offerId, buyer, seller, energyAmount, totalPrice, fee, PaymentMethod.Blockchain);
        emit ServerTradeExecuted(tradeRef, offerId, buyer);
    }

    /// @dev Pulls a trade's price from the buyer's allowance: the seller's share to the seller, the fee to the fee
    /// recipient (a zero part moves nothing).
    function _pullPrice(address buyer, address seller, uint256 sellerAmount, uint256 fee) private {
        if (sellerAmount > 0) paymentToken.safeTransferFrom(buyer, seller, sellerAmount);
        if (fee > 0) paymentToken.safeTransferFrom(buyer, feeRecipient, fee);
    }

    function _checkReference(string calldata mobileMoneyRef) private view returns (bytes32 referenceHash) {
        uint256 length = bytes(mobileMoneyRef).length;
        if (length == 0 || length > MAX_REFERENCE_LENGTH) revert InvalidReference();
        referenceHash = keccak256(bytes(mobileMoneyRef));
        if (_usedReferences[referenceHash]) revert ReferenceAlreadyUsed(mobileMoneyRef);
    }

    /// @dev ceil(a / b) without the (a + b - 1) / b form, which could overflow for huge inputs.
    function _ceilDiv(uint256 a, uint256 b) private pure returns (uint256) {
        return a / b + (a % b == 0 ? 0 : 1);
    }
}
