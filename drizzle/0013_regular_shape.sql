CREATE TABLE `submission_claims` (
	`trial_id` text PRIMARY KEY NOT NULL,
	`run_id` text NOT NULL,
	`pid` integer NOT NULL,
	`claimed_at` text NOT NULL,
	FOREIGN KEY (`run_id`) REFERENCES `runs`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `submission_claims_run_idx` ON `submission_claims` (`run_id`);