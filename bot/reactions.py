"""Words of people's reactions ('angry', 'slams', 'protest'): the tagger reads a reaction
to cuts as other news (bot.tagging.follow_up) and the story planner reads it as no new cut
(bot.story_rounds). A module of its own, outside bot.tagging, so the writer process, which
plans stories, never loads the rules (tests/test_e2e_perf.py). One vocabulary: the planner
had its own copy of the stance words beside these (polish 15).
"""

# Someone's stance said of the cuts or their maker ('lawmakers slam Acme'). The planner
# matches them as a word's start too ('criticism', 'criticising': `critici[sz]` bare is
# no English word, so as whole words they read as the tagger always read them).
STANCE_WORDS = (
    r"slam(?:s|med)?|blast(?:s|ed)?|critici[sz](?:e[sd]?)?|"
    r"condemn(?:s|ed)?|decr(?:y|ies|ied)|lash(?:es|ed)?\s+out|hits?\s+out|rail(?:s|ed)?\s+against"
)

REACTION_WORDS = (
    r"angry|angered|furious|fum(?:e|es|ed|ing)|outraged|incensed|livid|irate|"
    r"upset|worried|anxious|frustrated|dismayed|shocked|stunned|devastated|"
    r"heartbroken|disappointed|" + STANCE_WORDS + r"|"
    r"mourn(?:s|ed)?|lament(?:s|ed)?|cheer(?:s|ed)?|applaud(?:s|ed)?|protest(?:s|ed)?"
)

# What answers the cuts as news of its own: a lawsuit, someone owning or apologising for
# them ('Jack Dorsey takes responsibility for ... mass layoffs'). Stems: the planner
# matches them as a word's start ('apologizes', 'sued').
ANSWER_STEMS = r"sue[sd]?|suing|lawsuit|takes?\s+responsibility|apologi[sz]"

# A denial of a plan ('Acme denies plan to cut 1,000 jobs', 'won't cut jobs').
DENIAL_WORDS = r"den(?:y|ies|ied)|(?:does|do|will)\s+not\s+plan|won['’]t"
