// SPDX-License-Identifier: UNLICENSED
pragma solidity 0.8.28;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";

/// @title PaymentToken: a ZMW stablecoin stand-in for development and test chains.
/// @notice Units: 1 token unit = 1 ngwee (ZMW 0.01), so `decimals()` is 2. Production does not deploy this
/// contract: EnergyTrading is given the address of a real ZMW stablecoin instead. Here the admin (and any
/// other MINTER_ROLE holder) can mint freely so tests and dev runs can fund buyers.
contract PaymentToken is ERC20, AccessControl {
    /// @notice May mint test money.
    bytes32 public constant MINTER_ROLE = keccak256("MINTER_ROLE");

    error ZeroAddress();

    /// @param admin gets DEFAULT_ADMIN_ROLE and MINTER_ROLE.
    constructor(address admin) ERC20("Zambian Kwacha (dev stand-in)", "dZMW") {
        if (admin == address(0)) revert ZeroAddress();
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
        _grantRole(MINTER_ROLE, admin);
    }

    /// @notice 2: amounts are ngwee, 100 ngwee = ZMW 1.
    function decimals() public pure override returns (uint8) {
        return 2;
    }

    /// @notice Mints `amountNgwee` ngwee to `to` (dev/test funding only).
    function mint(address to, uint256 amountNgwee) external onlyRole(MINTER_ROLE) {
        _mint(to, amountNgwee);
    }
}
