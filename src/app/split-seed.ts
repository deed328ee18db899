/** The split seed the app trains and adapts with (the CLI's default too), so app and CLI predictors are comparable. */
export const APP_SPLIT_SEED = 1;
