// SPDX-License-Identifier: UNLICENSED
pragma solidity 0.8.28;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";

/// @title EnergyToken: metered solar generation as an ERC-20.
/// @notice Units: 1 token = 1 Wh, so `decimals()` is 0 and every amount is a whole number of watt-hours.
/// Tokens exist only because a meter reported generation: the only way to create them is
/// `mintGeneration`, callable by MINTER_ROLE (the Enerlectra operator), and each meter reading id can be
/// minted once, so a repeated reading (a retry, a replayed mirror job) never creates energy twice.
/// That keeps the server's conservation rule on-chain too: total supply == total metered generation.
contract EnergyToken is ERC20, AccessControl {
    /// @notice May mint from metered generation (the operator account of the server).
    bytes32 public constant MINTER_ROLE = keccak256("MINTER_ROLE");

    /// @notice Meter reading ids already minted (the server's readingId, hashed to bytes32 by the caller).
    mapping(bytes32 readingId => bool minted) public readingMinted;

    /// @notice Generation credited: `amountWh` Wh minted to `to` for meter reading `readingId`.
    event GenerationMinted(address indexed to, bytes32 indexed readingId, uint256 amountWh);

    error ZeroAddress();
    error InvalidAmount(uint256 amount);
    error ReadingAlreadyMinted(bytes32 readingId);

    /// @param admin gets DEFAULT_ADMIN_ROLE (grants and revokes roles).
    /// @param minter gets MINTER_ROLE (the operator that reports metered generation).
    constructor(address admin, address minter) ERC20("Enerlectra Energy (Wh)", "EWH") {
        if (admin == address(0) || minter == address(0)) revert ZeroAddress();
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
        _grantRole(MINTER_ROLE, minter);
    }

    /// @notice 0: one token is one whole Wh; there are no fractions of a Wh.
    function decimals() public pure override returns (uint8) {
        return 0;
    }

    /// @notice Credits metered generation: mints `amountWh` Wh to `to`, once per `readingId`.
    /// @dev Reverts ReadingAlreadyMinted for a reading id seen before, so retries are harmless.
    function mintGeneration(address to, uint256 amountWh, bytes32 readingId) external onlyRole(MINTER_ROLE) {
        if (to == address(0)) revert ZeroAddress();
        if (amountWh == 0) revert InvalidAmount(amountWh);
        if (readingMinted[readingId]) revert ReadingAlreadyMinted(readingId);
        readingMinted[readingId] = true;
        _mint(to, amountWh);
        emit GenerationMinted(to, readingId, amountWh);
    }
}
