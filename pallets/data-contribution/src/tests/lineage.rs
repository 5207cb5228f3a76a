//! Fine-tuned models that pay their base models' contributors, and datasets' licence terms.

use super::*;
use frame_support::assert_noop;

const PERCENT: u32 = 10_000_000;

/// Registers a model by `owner` over `datasets` derived from `parents` (id, royalty in percent).
fn derive(
	owner: AccountId,
	datasets: &[(H256, u32)],
	parents: &[(ModelId, u32)],
	price: Balance,
	owner_share: Perbill,
) -> Result<ModelId, sp_runtime::DispatchError> {
	let id = NextModelId::<Test>::get();
	DataContribution::register_model(
		RuntimeOrigin::signed(owner),
		datasets.to_vec(),
		parents.iter().map(|(p, pct)| (*p, Perbill::from_percent(*pct))).collect(),
		price,
		owner_share,
		vec![],
	)
	.map_err(|e| e.error)?;
	Ok(id)
}

/// Registers dataset `n` of `owner`, with one contributor, under `terms`.
fn dataset_with_terms(
	owner: AccountId,
	n: u64,
	contributor: AccountId,
	terms: LicenceTerms,
) -> H256 {
	commit(owner, hash(n));
	next_block();
	assert_ok!(DataContribution::register_dataset(
		RuntimeOrigin::signed(owner),
		hash(n),
		salt(owner),
		vec![(contributor, Perbill::one())],
		vec![],
		terms,
	));
	hash(n)
}

fn terms(commercial_use: bool, derivatives: bool, floor_percent: u32) -> LicenceTerms {
	LicenceTerms {
		commercial_use,
		derivatives,
		min_contributor_share: Perbill::from_percent(floor_percent),
	}
}

/// What `who` has received in all: claimed now, to the planck.
fn claims(who: AccountId) -> Balance {
	let before = free(who);
	claim(who);
	free(who) - before
}

#[test]
fn a_fine_tune_pays_its_base_models_contributors_to_the_planck() {
	run_test(|| {
		// Base model B over datasets X and Y; fine-tune F over Z, with B as parent at 30%.
		let x = add_dataset(1, 1, &[(2, 100)]);
		let y = add_dataset(1, 2, &[(3, 60), (4, 40)]);
		let z = add_dataset(1, 3, &[(5, 100)]);
		let b = add_model(6, &[(x, 1), (y, 1)], 1_000, Perbill::from_percent(20));
		let f = derive(7, &[(z, 1)], &[(b, 30)], 1_000, Perbill::from_percent(10)).unwrap();
		assert_eq!(Models::<Test>::get(b).unwrap().derivatives, 1);
		assert_eq!(Models::<Test>::get(f).unwrap().ancestors, 1);
		let protocol = free(PROTOCOL);

		// 1,000 queries to F (1,000,000): 5% protocol (50,000), 10% of the rest to F's owner
		// (95,000), data 855,000: 30% of it (256,500) to B's data reward, 598,500 to Z.
		pay(8, f, 1_000);
		// And 10 queries to B itself (10,000): 500 protocol, 1,900 to B's owner, 7,600 data.
		pay(8, b, 10);
		assert!(System::events().iter().any(|record| record.event
			== RuntimeEvent::DataContribution(Event::RoyaltyCredited {
				model_id: b,
				from: f,
				amount: 256_500
			})));
		assert_eq!(Models::<Test>::get(b).unwrap().royalties_received, 256_500);
		assert_eq!(Models::<Test>::get(b).unwrap().rewards.data_paid, 256_500 + 7_600);
		assert_eq!(Models::<Test>::get(f).unwrap().rewards.data_paid, 598_500);
		// What each model brought in: its own payments, and B the royalty on F's too.
		assert_eq!(DataContribution::model(b).unwrap().earned, 10_000 + 256_500);
		assert_eq!(DataContribution::model(f).unwrap().earned, 1_000_000);

		// The contributor balance shows what came through B as earned in B.
		assert_eq!(DataContribution::reward_in(&2, b).unwrap().pending, 132_050);
		assert_eq!(DataContribution::reward_in(&5, f).unwrap().pending, 598_500);
		// X's contributor: half of B's data reward; Y's: the other half, 60/40.
		assert_eq!(claims(2), 132_050);
		assert_eq!(claims(3), 79_230);
		assert_eq!(claims(4), 52_820);
		assert_eq!(claims(5), 598_500);
		let (owner_b, owner_f) = (free(6), free(7));
		assert_ok!(DataContribution::claim_model_revenue(RuntimeOrigin::signed(9), b));
		assert_ok!(DataContribution::claim_model_revenue(RuntimeOrigin::signed(9), f));
		assert_eq!(free(6) - owner_b, 1_900);
		assert_eq!(free(7) - owner_f, 95_000);
		assert_eq!(free(PROTOCOL) - protocol, 50_500);
		// Everything paid is accounted for, to the planck.
		assert_eq!(132_050 + 79_230 + 52_820 + 598_500 + 1_900 + 95_000 + 50_500, 1_010_000);
	});
}

#[test]
fn royalties_climb_the_whole_lineage_and_rounding_favours_the_derivative() {
	run_test(|| {
		let a = add_dataset(1, 1, &[(2, 100)]);
		let b = add_dataset(1, 2, &[(3, 100)]);
		let c = add_dataset(1, 3, &[(4, 100)]);
		let base = add_model(6, &[(a, 1)], 1, Perbill::zero());
		let mid = derive(6, &[(b, 1)], &[(base, 50)], 1, Perbill::zero()).unwrap();
		let top = derive(6, &[(c, 1)], &[(mid, 33), (base, 10)], 1, Perbill::zero()).unwrap();
		// base reached directly and through mid: 2 + mid's 1.
		assert_eq!(Models::<Test>::get(top).unwrap().ancestors, 3);
		assert_eq!(Models::<Test>::get(base).unwrap().derivatives, 2);

		// 1,001 queries at 1: protocol ⌊50.05⌋ = 50, data 951. To mid ⌊313.83⌋ = 313, to base
		// ⌊95.1⌋ = 95, top keeps 543; mid gives base ⌊156.5⌋ = 156 and keeps 157.
		pay(8, top, 1_001);
		assert_eq!(pending(4), 543);
		assert_eq!(pending(3), 157);
		assert_eq!(pending(2), 95 + 156);
		assert_eq!(Models::<Test>::get(base).unwrap().royalties_received, 251);
		assert_eq!(Models::<Test>::get(mid).unwrap().royalties_received, 313);
	});
}

#[test]
fn a_derivative_is_checked_against_its_parents() {
	run_test(|| {
		let a = add_dataset(1, 1, &[(2, 100)]);
		let base = add_model(6, &[(a, 1)], 10, Perbill::zero());
		let other = add_model(6, &[(a, 1)], 10, Perbill::zero());
		let share = Perbill::zero();
		assert_noop!(derive(7, &[(a, 1)], &[(9, 10)], 10, share), Error::<Test>::UnknownModel);
		assert_noop!(
			derive(7, &[(a, 1)], &[(base, 10), (base, 5)], 10, share),
			Error::<Test>::DuplicateParent
		);
		assert_noop!(
			derive(7, &[(a, 1)], &[(base, 60), (other, 41)], 10, share),
			Error::<Test>::RoyaltiesAboveWhole
		);
		assert_noop!(derive(7, &[(a, 1)], &[(base, 0)], 10, share), Error::<Test>::ZeroRoyalty);
		assert_noop!(
			derive(7, &[(a, 1)], &[(base, 1), (other, 1), (base + 2, 1), (base + 3, 1)], 10, share),
			Error::<Test>::TooManyParents
		);
		// The whole lineage is bounded: the mock allows 6 ancestors, counted along every path.
		let one = derive(7, &[(a, 1)], &[(base, 1), (other, 1)], 10, share).unwrap();
		let two = derive(7, &[(a, 1)], &[(one, 1), (base, 1)], 10, share).unwrap();
		assert_eq!(Models::<Test>::get(two).unwrap().ancestors, 4);
		assert_noop!(
			derive(7, &[(a, 1)], &[(two, 1), (one, 1)], 10, share),
			Error::<Test>::TooManyAncestors
		);
		assert_ok!(derive(7, &[(a, 1)], &[(two, 1), (other, 1)], 10, share));
		// A retired parent takes no new derivatives, but keeps receiving royalties.
		assert_ok!(DataContribution::retire_model(RuntimeOrigin::signed(6), other));
		assert_noop!(
			derive(7, &[(a, 1)], &[(other, 10)], 10, share),
			Error::<Test>::ParentNotActive
		);
		let before = Models::<Test>::get(other).unwrap().royalties_received;
		pay(8, one, 100);
		assert!(Models::<Test>::get(other).unwrap().royalties_received > before);
	});
}

#[test]
fn a_parent_stays_while_derivatives_pay_it() {
	run_test(|| {
		let a = add_dataset(1, 1, &[(2, 100)]);
		let base = add_model(6, &[(a, 1)], 10, Perbill::zero());
		let fine_tune = derive(7, &[(a, 1)], &[(base, 50)], 10, Perbill::zero()).unwrap();
		pay(8, fine_tune, 10);
		assert_ok!(DataContribution::retire_model(RuntimeOrigin::signed(6), base));
		// The base's position is settled but stays: royalties may still arrive.
		assert_eq!(claims(2), 48 + 47);
		assert!(Positions::<Test>::contains_key(2, base));
		assert_noop!(
			DataContribution::remove_retired_model(RuntimeOrigin::signed(9), base),
			Error::<Test>::DerivativesRemain
		);
		pay(8, fine_tune, 10);
		assert_eq!(DataContribution::reward_in(&2, base).unwrap().pending, 47);

		// Once the fine-tune is gone, the base's last position and record go too.
		assert_ok!(DataContribution::retire_model(RuntimeOrigin::signed(7), fine_tune));
		assert_ok!(DataContribution::settle_position(RuntimeOrigin::signed(9), fine_tune, 2));
		assert_ok!(DataContribution::remove_retired_model(RuntimeOrigin::signed(9), fine_tune));
		assert_eq!(Models::<Test>::get(base).unwrap().derivatives, 0);
		claim(2);
		assert!(!Positions::<Test>::contains_key(2, base));
		assert_ok!(DataContribution::remove_retired_model(RuntimeOrigin::signed(9), base));
	});
}

#[test]
fn a_model_keeps_the_terms_of_its_datasets_and_parents() {
	run_test(|| {
		let free_data = dataset_with_terms(1, 1, 2, terms(true, true, 0));
		let research = dataset_with_terms(1, 2, 3, terms(false, true, 0));
		let no_derivatives = dataset_with_terms(1, 3, 4, terms(true, false, 0));
		let floor = dataset_with_terms(1, 4, 5, terms(true, true, 60));
		let share = Perbill::from_percent(20);

		// Non-commercial data: only a free model, which cannot start charging later.
		assert_noop!(
			derive(6, &[(research, 1)], &[], 10, share),
			Error::<Test>::CommercialUseForbidden
		);
		let free_model = derive(6, &[(research, 1), (free_data, 1)], &[], 0, share).unwrap();
		assert_eq!(Models::<Test>::get(free_model).unwrap().terms, terms(false, true, 0));
		assert_noop!(
			DataContribution::set_model_price(RuntimeOrigin::signed(6), free_model, 1),
			Error::<Test>::CommercialUseForbidden
		);
		// Its derivatives are non-commercial too.
		assert_noop!(
			derive(6, &[(free_data, 1)], &[(free_model, 10)], 10, share),
			Error::<Test>::CommercialUseForbidden
		);
		assert_ok!(derive(6, &[(free_data, 1)], &[(free_model, 10)], 0, share));

		// No derivatives: a model over it can be neither a fine-tune nor a parent.
		let closed = derive(6, &[(no_derivatives, 1)], &[], 10, share).unwrap();
		assert_noop!(
			derive(6, &[(free_data, 1)], &[(closed, 10)], 10, share),
			Error::<Test>::DerivativesForbidden
		);
		let base = derive(6, &[(free_data, 1)], &[], 10, share).unwrap();
		assert_noop!(
			derive(6, &[(no_derivatives, 1)], &[(base, 10)], 10, share),
			Error::<Test>::DerivativesForbidden
		);

		// A floor of 60%: 95% × 80% = 76% reaches the contributors; with a 30% royalty, 53.2%.
		assert_ok!(derive(6, &[(floor, 1)], &[], 10, share));
		assert_noop!(
			derive(6, &[(floor, 1)], &[], 10, Perbill::from_percent(40)),
			Error::<Test>::ContributorShareBelowFloor
		);
		assert_noop!(
			derive(6, &[(floor, 1)], &[(base, 30)], 10, share),
			Error::<Test>::ContributorShareBelowFloor
		);
		assert_ok!(derive(6, &[(floor, 1)], &[(base, 20)], 10, share));
		assert_eq!(
			DataContribution::contributors_part(share, Perbill::from_percent(80)),
			Perbill::from_parts(60 * PERCENT + 8 * PERCENT / 10)
		);

		// A parent's floor bounds what its royalty carries: 76% × 30% = 22.8% of each payment to
		// the fine-tune reaches the floored model's side, below its 60%; 76% × 80% = 60.8% is not.
		let floored = derive(6, &[(floor, 1)], &[], 10, share).unwrap();
		assert_noop!(
			derive(6, &[(free_data, 1)], &[(floored, 30)], 10, share),
			Error::<Test>::ContributorShareBelowFloor
		);
		assert_ok!(derive(6, &[(free_data, 1)], &[(floored, 80)], 10, share));
	});
}

#[test]
fn an_ancestors_floor_holds_up_the_whole_lineage() {
	run_test(|| {
		let open = dataset_with_terms(1, 1, 2, terms(true, true, 0));
		let floored = dataset_with_terms(1, 2, 3, terms(true, true, 40));
		let none = Perbill::zero();
		// P's data asks for 40%. F, over open data, passes 60% to P: 95% × 60% = 57% reaches it.
		let p = derive(6, &[(floored, 1)], &[], 10, none).unwrap();
		let f = derive(6, &[(open, 1)], &[(p, 60)], 10, none).unwrap();
		// A fine-tune of F at 1% would pass P 95% × 1% × 60% = 0.57%: refused, although F's own
		// data asks for nothing.
		assert_noop!(
			derive(6, &[(open, 1)], &[(f, 1)], 10, none),
			Error::<Test>::ContributorShareBelowFloor
		);
		// At 80%: 95% × 80% × 60% = 45.6% reaches P's data; F's own 95% × 80% × 40% is unbounded.
		assert_ok!(derive(6, &[(open, 1)], &[(f, 80)], 10, none));
		// What a parent passes on to its own parents does not reach its data. Q, over the floored
		// data, keeps half of its data reward (95% × 50% = 47.5% for its data) and passes half to
		// an open base. A fine-tune of Q at 80% gives Q's data 95% × 80% × 50% = 38%: refused;
		// at 90%, 42.75%: registered.
		let base = derive(6, &[(open, 1)], &[], 10, none).unwrap();
		let q = derive(6, &[(floored, 1)], &[(base, 50)], 10, none).unwrap();
		assert_noop!(
			derive(6, &[(open, 1)], &[(q, 80)], 10, none),
			Error::<Test>::ContributorShareBelowFloor
		);
		assert_ok!(derive(6, &[(open, 1)], &[(q, 90)], 10, none));
	});
}

#[test]
fn terms_only_loosen_and_never_reach_registered_models() {
	run_test(|| {
		let strict = dataset_with_terms(1, 1, 2, terms(false, false, 50));
		let model = derive(6, &[(strict, 1)], &[], 0, Perbill::zero()).unwrap();
		let set =
			|who, new| DataContribution::set_dataset_terms(RuntimeOrigin::signed(who), strict, new);
		assert_noop!(set(2, terms(true, true, 0)), Error::<Test>::NotOwner);
		assert_noop!(
			DataContribution::set_dataset_terms(
				RuntimeOrigin::signed(1),
				hash(99),
				terms(true, true, 0)
			),
			Error::<Test>::UnknownDataset
		);
		assert_noop!(set(1, terms(false, false, 51)), Error::<Test>::TermsTightened);
		assert_ok!(set(1, terms(true, false, 50)));
		assert_eq!(
			last_event(),
			Event::DatasetTermsSet { dataset: strict, terms: terms(true, false, 50) }
		);
		assert_noop!(set(1, terms(false, false, 50)), Error::<Test>::TermsTightened);
		assert_ok!(set(1, terms(true, true, 0)));
		assert_eq!(DataContribution::dataset_terms(&strict), Some(terms(true, true, 0)));
		// The model registered under the strict terms keeps them: still free.
		assert_eq!(Models::<Test>::get(model).unwrap().terms, terms(false, false, 50));
		assert_noop!(
			DataContribution::set_model_price(RuntimeOrigin::signed(6), model, 1),
			Error::<Test>::CommercialUseForbidden
		);
		// A new model under the loosened terms may charge.
		assert_ok!(derive(6, &[(strict, 1)], &[], 10, Perbill::from_percent(90)));
		let view = DataContribution::model(model).unwrap();
		assert_eq!((view.parents, view.terms), (vec![], terms(false, false, 50)));
	});
}
