//! Usage channels: opening, topping up, settling receipts in batches, and closing.

use super::*;
use frame_support::{assert_noop, traits::fungible::InspectHold};

const PRICE: Balance = 1_000;
const OWNER: AccountId = 4;

/// A model at [`PRICE`] over two datasets (contributor 2 alone; contributors 2 and 3 half each),
/// with weights 3 and 1.
fn setup() -> ModelId {
	let a = add_dataset(1, 1, &[(2, 100)]);
	let b = add_dataset(1, 2, &[(2, 50), (3, 50)]);
	add_model(OWNER, &[(a, 3), (b, 1)], PRICE, Perbill::from_percent(20))
}

fn open(consumer: AccountId, model: ModelId, escrow: Balance) -> ChannelId {
	let id = NextChannelId::<Test>::get();
	assert_ok!(DataContribution::open_usage(RuntimeOrigin::signed(consumer), model, escrow, PRICE));
	id
}

fn settle(model: ModelId, receipts: Vec<(ChannelId, u64, TestSignature)>) {
	assert_ok!(DataContribution::settle_usage(RuntimeOrigin::signed(OWNER), model, receipts));
}

fn escrow_account() -> AccountId {
	DataContribution::usage_escrow_account()
}

fn escrow_held() -> Balance {
	Balances::balance_on_hold(&HoldReason::UsageEscrow.into(), &escrow_account())
}

fn channel(id: ChannelId) -> UsageChannelOf<Test> {
	UsageChannels::<Test>::get(id).expect("the channel exists")
}

fn channel_deposit() -> Balance {
	DataContribution::deposit_of(DataContribution::channel_footprint())
}

#[test]
fn opening_moves_the_escrow_into_held_escrow_and_holds_a_deposit() {
	run_test(|| {
		let model = setup();
		let before = free(7);
		let id = open(7, model, 50_000);
		assert_eq!(
			last_event(),
			Event::UsageOpened {
				channel_id: id,
				model_id: model,
				consumer: 7,
				deposit: 50_000,
				max_price_per_query: PRICE,
			}
		);
		assert_eq!(free(7), before - 50_000 - channel_deposit());
		// Base plus one per byte: the record (a 48-byte key of the prefixes and a hashed channel
		// id; 97 bytes of value) and its index entry (a 72-byte key of the prefixes, a hashed u64
		// consumer and a hashed model id; the 8-byte channel id).
		assert_eq!(channel_deposit(), DEPOSIT_BASE + DEPOSIT_PER_BYTE * ((48 + 97) + (72 + 8)));
		assert_eq!(
			Balances::balance_on_hold(&HoldReason::UsageChannelDeposit.into(), &7),
			channel_deposit()
		);
		assert_eq!(escrow_held(), 50_000);
		assert_eq!(ConsumerChannels::<Test>::get(7, model), Some(id));
		assert_eq!(channel(id).escrow, 50_000);
		// The `channel` view finds it by consumer and model; no other consumer has one.
		assert_eq!(DataContribution::channel(7, model), Some((id, channel(id))));
		assert_eq!(DataContribution::channel(8, model), None);
	});
}

#[test]
fn opening_rejects_bad_input_without_state_change() {
	run_test(|| {
		let model = setup();
		let opening = |who, model, escrow, max| {
			DataContribution::open_usage(RuntimeOrigin::signed(who), model, escrow, max)
		};
		assert_noop!(opening(7, model, 0, PRICE), Error::<Test>::EmptyEscrow);
		assert_noop!(opening(7, 9, 1_000, PRICE), Error::<Test>::UnknownModel);
		assert_noop!(opening(7, model, 1_000, PRICE - 1), Error::<Test>::PriceAboveMax);
		// Account 42 holds nothing; account 7 does not hold its whole balance and the deposit.
		frame_support::assert_storage_noop!(assert!(opening(42, model, 1_000, PRICE).is_err()));
		frame_support::assert_storage_noop!(assert!(opening(7, model, INITIAL, PRICE).is_err()));
		open(7, model, 1_000);
		assert_noop!(opening(7, model, 1_000, PRICE), Error::<Test>::ChannelAlreadyOpen);
		assert_ok!(DataContribution::retire_model(RuntimeOrigin::signed(OWNER), model));
		assert_noop!(opening(8, model, 1_000, PRICE), Error::<Test>::ModelNotActive);
	});
}

#[test]
fn a_batch_charges_each_channel_exactly_and_splits_once() {
	run_test(|| {
		let model = setup();
		let (a, b) = (open(7, model, 50_000), open(8, model, 50_000));
		let (protocol, owner, pot_before) = (free(PROTOCOL), free(OWNER), free(pot()));
		settle(model, vec![receipt(7, a, 3), receipt(8, b, 10)]);

		// 13 queries, 13_000 in all: 650 to the protocol, 20% of 12_350 (2_470) to the owner,
		// 9_880 to the contributors.
		assert_eq!(
			last_event(),
			Event::UsageSettled {
				model_id: model,
				receipts: 2,
				queries: 13,
				amount: 13_000,
				rejected: Default::default(),
				protocol_fee: 650,
				owner_reward: 2_470,
				data_reward: 9_880,
			}
		);
		assert_eq!(
			(channel(a).escrow, channel(a).spent, channel(a).settled_queries),
			(47_000, 3_000, 3)
		);
		assert_eq!((channel(b).escrow, channel(b).settled_queries), (40_000, 10));
		assert_eq!(escrow_held(), 87_000);
		// The batch went into the pot whole; the owner's and protocol's parts wait in the model.
		assert_eq!(free(PROTOCOL), protocol);
		assert_eq!(free(OWNER), owner);
		assert_eq!(free(pot()), pot_before + 13_000);
		assert_eq!(
			Models::<Test>::get(model).unwrap().revenue,
			ModelRevenue { owner: 2_470, protocol: 650 }
		);
		// Contributor 2 has 3 + ½ of the model's 4 points, contributor 3 has ½.
		assert_eq!(pending(2), 9_880 * 7 / 8);
		assert_eq!(pending(3), 9_880 / 8);
		let model = Models::<Test>::get(model).unwrap();
		assert_eq!(
			(model.queries_served, model.total_paid, model.rewards.data_paid),
			(13, 13_000, 9_880)
		);

		// A later receipt charges only the queries since the last one.
		settle(0, vec![receipt(7, a, 5)]);
		assert_eq!((channel(a).escrow, channel(a).settled_queries), (45_000, 5));
	});
}

#[test]
fn a_batch_is_split_once_not_receipt_by_receipt() {
	run_test(|| {
		let a = add_dataset(1, 1, &[(2, 100)]);
		let model = add_model(OWNER, &[(a, 1)], 33, Perbill::from_percent(20));
		let open_at = |who| {
			let id = NextChannelId::<Test>::get();
			assert_ok!(DataContribution::open_usage(RuntimeOrigin::signed(who), model, 1_000, 33));
			id
		};
		let (x, y) = (open_at(7), open_at(8));
		settle(model, vec![receipt(7, x, 1), receipt(8, y, 1)]);
		// 66 split once: 3 (5%, rounded down) to the protocol, 12 (20% of 63) to the owner, 51
		// to the contributors. Split receipt by receipt it would be 1 + 1, 6 + 6 and 26 + 26.
		let Event::UsageSettled { amount, protocol_fee, owner_reward, data_reward, .. } =
			last_event()
		else {
			panic!("a settlement")
		};
		assert_eq!((amount, protocol_fee, owner_reward, data_reward), (66, 3, 12, 51));
		assert_eq!(pending(2), 51);
	});
}

#[test]
fn bad_receipts_move_nothing_and_are_reported_while_the_rest_settle() {
	run_test(|| {
		let model = setup();
		let other = add_model(5, &[(hash(1), 1)], PRICE, Perbill::zero());
		let (a, b, c) = (open(7, model, 10_000), open(8, model, 2_000), open(9, other, 10_000));
		settle(model, vec![receipt(7, a, 4)]);
		let before =
			(channel(a), channel(b), channel(c), escrow_held(), free(PROTOCOL), free(OWNER));

		// Signed for another chain: the genesis hash differs.
		let other_chain = (USAGE_RECEIPT_TAG, H256::repeat_byte(9), a, 9u64).encode();
		let batch = vec![
			receipt(7, a, 4),                                                // 0: a replay
			receipt(7, a, 3),                                                // 1: a lower count
			(a, 9, TestSignature(8, DataContribution::usage_receipt(a, 9))), // 2: forged by 8
			(a, 9, TestSignature(7, other_chain)),                           // 3: another chain's
			(a, 9, TestSignature(7, DataContribution::usage_receipt(b, 9))), // 4: another channel's
			receipt(9, c, 1),                                                // 5: a channel of another model
			receipt(7, 77, 1),                                               // 6: no such channel
			receipt(8, b, 3),                                                // 7: beyond the escrow (2_000)
		];
		settle(model, batch);
		use ReceiptRejection::*;
		let reasons = [
			(0, a, NotAboveSettled),
			(1, a, NotAboveSettled),
			(2, a, BadSignature),
			(3, a, BadSignature),
			(4, a, BadSignature),
			(5, c, WrongModel),
			(6, 77, UnknownChannel),
			(7, b, EscrowExhausted),
		];
		let rejected: Vec<_> = reasons
			.iter()
			.map(|&(index, channel_id, reason)| RejectedReceipt { index, channel_id, reason })
			.collect();
		assert_eq!(
			last_event(),
			Event::UsageSettled {
				model_id: model,
				receipts: 0,
				queries: 0,
				amount: 0,
				rejected: rejected.try_into().unwrap(),
				protocol_fee: 0,
				owner_reward: 0,
				data_reward: 0,
			}
		);
		let after =
			(channel(a), channel(b), channel(c), escrow_held(), free(PROTOCOL), free(OWNER));
		assert_eq!(before, after);

		// A good receipt in a batch of bad ones settles.
		settle(model, vec![receipt(7, a, 4), receipt(8, b, 2)]);
		assert_eq!(channel(b).escrow, 0);
		assert!(matches!(last_event(), Event::UsageSettled { receipts: 1, queries: 2, .. }));
	});
}

#[test]
fn a_receipt_wrapped_in_bytes_settles() {
	run_test(|| {
		let model = setup();
		let a = open(7, model, 10_000);
		let wrapped = DataContribution::wrap_bytes(&DataContribution::usage_receipt(a, 2));
		assert_eq!(wrapped.len(), 7 + 66 + 8);
		settle(model, vec![(a, 2, TestSignature(7, wrapped))]);
		assert_eq!(channel(a).settled_queries, 2);
	});
}

#[test]
fn the_receipt_is_66_bytes_in_the_documented_layout() {
	run_test(|| {
		let message = DataContribution::usage_receipt(0x0102, 0x0a0b);
		assert_eq!(message.len(), 66);
		assert_eq!(&message[..18], b"fairshare/usage/v1");
		assert_eq!(&message[18..50], System::block_hash(0).as_bytes());
		assert_eq!(&message[50..58], &0x0102u64.to_le_bytes());
		assert_eq!(&message[58..], &0x0a0bu64.to_le_bytes());
	});
}

#[test]
fn the_operator_cannot_charge_above_the_consumers_max_price() {
	run_test(|| {
		let model = setup();
		let a = open(7, model, 100_000);
		assert_ok!(DataContribution::set_model_price(
			RuntimeOrigin::signed(OWNER),
			model,
			PRICE + 1
		));
		settle(model, vec![receipt(7, a, 5)]);
		assert_eq!(channel(a).escrow, 100_000);
		let Event::UsageSettled { rejected, .. } = last_event() else { panic!("a settlement") };
		assert_eq!(rejected[0].reason, ReceiptRejection::PriceAboveMax);
		// A lower price is charged as it is now.
		assert_ok!(DataContribution::set_model_price(
			RuntimeOrigin::signed(OWNER),
			model,
			PRICE / 2
		));
		settle(model, vec![receipt(7, a, 5)]);
		assert_eq!(channel(a).escrow, 100_000 - 5 * PRICE / 2);
	});
}

#[test]
fn settling_rejects_bad_calls_without_state_change() {
	run_test(|| {
		let model = setup();
		let a = open(7, model, 10_000);
		let settling = |who, model, receipts| {
			DataContribution::settle_usage(RuntimeOrigin::signed(who), model, receipts)
		};
		assert_noop!(settling(5, model, vec![receipt(7, a, 1)]), Error::<Test>::NotOwner);
		assert_noop!(settling(OWNER, 9, vec![receipt(7, a, 1)]), Error::<Test>::UnknownModel);
		assert_noop!(settling(OWNER, model, vec![]), Error::<Test>::NoReceipts);
		let too_many = vec![receipt(7, a, 1); MAX_RECEIPTS as usize + 1];
		assert_noop!(settling(OWNER, model, too_many), Error::<Test>::TooManyReceipts);
		assert_ok!(DataContribution::retire_model(RuntimeOrigin::signed(OWNER), model));
		assert_noop!(settling(OWNER, model, vec![receipt(7, a, 1)]), Error::<Test>::ModelNotActive);
	});
}

#[test]
fn settling_charges_for_second_signature_checks_only_when_made() {
	run_test(|| {
		let model = setup();
		let a = open(7, model, 10_000);
		let raw = DataContribution::settle_usage(
			RuntimeOrigin::signed(OWNER),
			model,
			vec![receipt(7, a, 1)],
		);
		assert_eq!(
			raw.unwrap().actual_weight,
			Some(DataContribution::settle_usage_weight(1, 0, 0))
		);
		let forged = (a, 2, TestSignature(8, DataContribution::usage_receipt(a, 2)));
		let bad = DataContribution::settle_usage(RuntimeOrigin::signed(OWNER), model, vec![forged]);
		assert_eq!(
			bad.unwrap().actual_weight,
			Some(DataContribution::settle_usage_weight(1, 1, 0))
		);
	});
}

#[test]
fn top_ups_add_to_the_escrow_of_an_open_channel_only() {
	run_test(|| {
		let model = setup();
		let a = open(7, model, 1_000);
		assert_ok!(DataContribution::top_up_usage(RuntimeOrigin::signed(7), a, 500));
		assert_eq!(
			last_event(),
			Event::UsageToppedUp { channel_id: a, amount: 500, escrow: 1_500 }
		);
		assert_eq!(escrow_held(), 1_500);
		let topping = |who, id, amount| {
			DataContribution::top_up_usage(RuntimeOrigin::signed(who), id, amount)
		};
		assert_noop!(topping(8, a, 500), Error::<Test>::NotConsumer);
		assert_noop!(topping(7, 9, 500), Error::<Test>::UnknownChannel);
		assert_noop!(topping(7, a, 0), Error::<Test>::EmptyEscrow);
		assert!(topping(7, a, INITIAL).is_err());
		assert_ok!(DataContribution::close_usage(RuntimeOrigin::signed(7), a));
		assert_noop!(topping(7, a, 500), Error::<Test>::ChannelClosing);
	});
}

#[test]
fn closing_waits_for_the_period_and_the_operator_settles_meanwhile() {
	run_test(|| {
		let model = setup();
		let a = open(7, model, 10_000);
		let before = free(7) + 10_000 + channel_deposit();
		assert_noop!(
			DataContribution::close_usage(RuntimeOrigin::signed(8), a),
			Error::<Test>::NotConsumer
		);
		assert_noop!(
			DataContribution::finish_close_usage(RuntimeOrigin::signed(9), a),
			Error::<Test>::ChannelNotClosing
		);
		assert_ok!(DataContribution::close_usage(RuntimeOrigin::signed(7), a));
		let closes_at = System::block_number() + USAGE_CLOSE_PERIOD;
		assert_eq!(last_event(), Event::UsageClosing { channel_id: a, closes_at });
		assert_noop!(
			DataContribution::close_usage(RuntimeOrigin::signed(7), a),
			Error::<Test>::ChannelClosing
		);
		assert_noop!(
			DataContribution::finish_close_usage(RuntimeOrigin::signed(9), a),
			Error::<Test>::ClosePeriodNotOver
		);

		// The consumer cannot take back what its signed receipts cover before the period ends.
		settle(model, vec![receipt(7, a, 4)]);
		for _ in 0..USAGE_CLOSE_PERIOD {
			next_block();
		}
		assert_ok!(DataContribution::finish_close_usage(RuntimeOrigin::signed(9), a));
		assert_eq!(
			last_event(),
			Event::UsageClosed {
				channel_id: a,
				consumer: 7,
				refunded: 6_000,
				channel_deposit: channel_deposit()
			}
		);
		assert_eq!(free(7), before - 4_000);
		assert_eq!(held(7), 0);
		assert_eq!(escrow_held(), 0);
		assert!(UsageChannels::<Test>::get(a).is_none());
		assert!(ConsumerChannels::<Test>::get(7, model).is_none());

		// The closed channel's receipts are worthless, in it or in a new channel.
		let b = open(7, model, 10_000);
		assert_ne!(a, b);
		let old = TestSignature(7, DataContribution::usage_receipt(a, 8));
		settle(model, vec![receipt(7, a, 8), (b, 8, old)]);
		let Event::UsageSettled { rejected, receipts, .. } = last_event() else {
			panic!("a settlement")
		};
		assert_eq!(receipts, 0);
		assert_eq!(rejected[0].reason, ReceiptRejection::UnknownChannel);
		assert_eq!(rejected[1].reason, ReceiptRejection::BadSignature);
		assert_eq!(channel(b).escrow, 10_000);
	});
}

#[test]
fn challenges_route_settled_usage_as_they_route_payments() {
	run_test(|| {
		let model = setup();
		let a = open(7, model, 100_000);
		assert_ok!(DataContribution::challenge_dataset(RuntimeOrigin::signed(9), hash(1), vec![]));
		settle(model, vec![receipt(7, a, 8)]);
		// 8_000: 400 protocol, 1_520 owner, 6_080 data; dataset 1 (weight 3 of 4) is challenged.
		claim(2);
		let balance = DataContribution::contributor_total(&2);
		assert_eq!(balance.escrowed, 6_080 * 3 / 4);
		assert_eq!(DataContribution::contributor_total(&2).claimed, 6_080 / 8);
	});
}

#[test]
fn the_v1_migration_endows_the_escrow_account_of_an_older_chain() {
	use frame_support::traits::{GetStorageVersion, OnRuntimeUpgrade, StorageVersion};
	run_test(|| {
		// A chain that started before usage channels: version 0, no escrow account.
		StorageVersion::new(0).put::<DataContribution>();
		frame_system::Account::<Test>::remove(escrow_account());
		assert_eq!(free(escrow_account()), 0);

		crate::migrations::v1::MigrateV0ToV1::<Test>::on_runtime_upgrade();
		assert_eq!(free(escrow_account()), EXISTENTIAL_DEPOSIT);
		assert_eq!(DataContribution::on_chain_storage_version(), 1);
		let model = setup();
		open(7, model, 1_000);

		// Once at version 1, it does nothing.
		let issuance = Balances::total_issuance();
		crate::migrations::v1::MigrateV0ToV1::<Test>::on_runtime_upgrade();
		assert_eq!(Balances::total_issuance(), issuance);
	});
}
