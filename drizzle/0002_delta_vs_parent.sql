ALTER TABLE `trials` ADD `delta_vs_parent` real;--> statement-breakpoint
CREATE INDEX `trials_run_delta_idx` ON `trials` (`run_id`,`delta_vs_parent`,`seq`);