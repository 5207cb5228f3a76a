//! Exact numbers: a model over three datasets with co-contributors, every balance to the planck.

use super::*;

#[test]
fn three_datasets_with_co_contributors_to_the_planck() {
	run_test(|| {
		// Dataset A: 1 alone. B: 2 (60%) and 3 (40%). C: 1 (50%), 3 (25%), 6 (25%).
		let a = add_dataset(1, 1, &[(1, 100)]);
		let b = add_dataset(2, 2, &[(2, 60), (3, 40)]);
		let c = add_dataset(1, 3, &[(1, 50), (3, 25), (6, 25)]);
		let model = add_model(4, &[(a, 1), (b, 3), (c, 2)], 333, Perbill::from_percent(20));
		let deposits: Vec<Balance> = (1..=6).map(held).collect();

		pay(5, model, 7); // 2_331
		pay(5, model, 1); // 333
		let total: Balance = 2_331 + 333;

		// Payment 1: 2_331 → protocol ⌊5% × 2_331⌋ = 116, owner ⌊20% × 2_215⌋ = 443, data 1_772.
		// Payment 2: 333 → protocol 16, owner ⌊20% × 317⌋ = 63, data 254.
		let (protocol, owner, data) = (116 + 16, 443 + 63, 1_772 + 254);
		assert_eq!(protocol + owner + data, total);

		// W = 6. Fractions of the data reward:
		// 1: 1/6 + (2/6)(1/2) = 2/6; 2: (3/6)(0.6) = 1.8/6; 3: (3/6)(0.4) + (2/6)(1/4) = 1.7/6;
		// 6: (2/6)(1/4) = 0.5/6. Over data = 2_026: 675.33…, 607.8, 574.03…, 168.83…
		assert_eq!(pending(1), 675);
		assert_eq!(pending(2), 607);
		assert_eq!(pending(3), 574);
		assert_eq!(pending(6), 168);
		for who in [1, 2, 3, 6] {
			claim(who);
		}
		let dust = data - (675 + 607 + 574 + 168);
		assert_eq!(dust, 2);

		assert_eq!(free(1), INITIAL - deposits[0] + 675);
		assert_eq!(free(2), INITIAL - deposits[1] + 607);
		assert_eq!(free(3), INITIAL + 574);
		// The owner's and protocol's parts wait in the pot, credited to the model, until paid out.
		assert_eq!(Models::<Test>::get(model).unwrap().revenue, ModelRevenue { owner, protocol });
		assert_eq!(free(pot()), EXISTENTIAL_DEPOSIT + dust + owner + protocol);
		assert_ok!(DataContribution::claim_model_revenue(RuntimeOrigin::signed(6), model));
		assert_eq!(free(4), INITIAL - deposits[3] + owner);
		assert_eq!(free(5), INITIAL - total);
		assert_eq!(free(6), INITIAL + 168);
		assert_eq!(free(PROTOCOL), EXISTENTIAL_DEPOSIT + protocol);
		assert_eq!(free(pot()), EXISTENTIAL_DEPOSIT + dust);
		assert_eq!(Models::<Test>::get(model).unwrap().rewards.unclaimed(), dust);
		// Dataset earnings: A 1/6, B 3/6, C 2/6 of 2_026.
		assert_eq!(DataContribution::dataset_earnings(&a), 337);
		assert_eq!(DataContribution::dataset_earnings(&b), 1_013);
		assert_eq!(DataContribution::dataset_earnings(&c), 675);
	});
}
