/**
 * The synthetic county's names: generated, not taken from any register. Family names are made by joining
 * invented English place-name parts (Ash + worth, Thorn + ley …), so no list of real people is involved;
 * given names are common first names, which identify nobody on their own.
 */
const FAMILY_HEADS = [
  'Ash', 'Brad', 'Carr', 'Dun', 'Fair', 'Green', 'Hal', 'Ken', 'Lang', 'Mar', 'North', 'Pen', 'Ray', 'Shel', 'Thorn', 'Whit',
  'Wood', 'Brook', 'Clay', 'Dal', 'East', 'Fen', 'Hart', 'Kirk', 'Lin', 'Moss', 'Oak', 'Pres', 'Rad', 'Stan', 'Wes', 'Ald',
  'Bar', 'Bel', 'Cal', 'Har', 'Hol', 'Mor', 'Nor', 'Sut',
]
const FAMILY_TAILS = [
  'worth', 'shaw', 'ley', 'ton', 'field', 'well', 'more', 'by', 'ham', 'ford', 'wood', 'dale', 'croft', 'stone', 'brook',
  'cliffe', 'bury', 'wick', 'thorpe', 'combe', 'hurst', 'land', 'mere', 'ridge', 'wright',
]

/** 1,000 invented family names. */
export const COUNTY_FAMILY_NAMES: readonly string[] = FAMILY_HEADS.flatMap((h) => FAMILY_TAILS.map((t) => h + t))

export const COUNTY_GIVEN_NAMES_F: readonly string[] = [
  'Olivia', 'Amelia', 'Isla', 'Ava', 'Mia', 'Ivy', 'Lily', 'Isabella', 'Rosie', 'Sophia', 'Grace', 'Freya', 'Willow', 'Florence',
  'Emily', 'Ella', 'Poppy', 'Evie', 'Elsie', 'Charlotte', 'Evelyn', 'Sienna', 'Daisy', 'Phoebe', 'Sophie', 'Alice', 'Harper',
  'Matilda', 'Ruby', 'Emilia', 'Maya', 'Millie', 'Isabelle', 'Ellie', 'Imogen', 'Erin', 'Chloe', 'Jessica', 'Zara', 'Layla',
  'Aisha', 'Maryam', 'Zofia', 'Amira', 'Nia', 'Priya', 'Hannah', 'Megan', 'Lucy', 'Holly', 'Leah', 'Abigail', 'Scarlett',
  'Eva', 'Bethany', 'Caitlin', 'Jade', 'Kayleigh', 'Stacey', 'Gemma', 'Laura', 'Rebecca', 'Sarah', 'Claire', 'Nicola', 'Kelly',
  'Joanne', 'Lisa', 'Donna', 'Michelle', 'Tracey', 'Amy', 'Natalie', 'Danielle', 'Zoe', 'Hayley', 'Kirsty', 'Samantha',
]
export const COUNTY_GIVEN_NAMES_M: readonly string[] = [
  'Oliver', 'George', 'Noah', 'Arthur', 'Muhammad', 'Leo', 'Harry', 'Oscar', 'Archie', 'Henry', 'Theodore', 'Freddie', 'Jack',
  'Charlie', 'Theo', 'Alfie', 'Jacob', 'Thomas', 'Finley', 'Arlo', 'William', 'Lucas', 'Roman', 'Tommy', 'Isaac', 'Teddy',
  'Alexander', 'Luca', 'Edward', 'James', 'Joshua', 'Albie', 'Elijah', 'Max', 'Mason', 'Reuben', 'Logan', 'Ethan', 'Kai',
  'Jakub', 'Kacper', 'Zain', 'Ibrahim', 'Kwame', 'Arjun', 'Callum', 'Kyle', 'Liam', 'Connor', 'Jordan', 'Ryan', 'Dylan',
  'Lewis', 'Jamie', 'Aaron', 'Bradley', 'Daniel', 'Matthew', 'Luke', 'Adam', 'Craig', 'Darren', 'Lee', 'Wayne', 'Dean',
  'Gary', 'Stuart', 'Mark', 'Paul', 'Scott', 'Shane', 'Jason', 'Carl', 'Neil', 'Martin', 'Kevin', 'Steven', 'Anthony',
]

/** Invented, plain-English concerns a contact might carry (no real case). */
export const COUNTY_CONCERNS: readonly string[] = [
  'School reports the child has arrived hungry and unwashed several days this week.',
  'Police attended a domestic incident at the home overnight; the child was present.',
  'Health visitor concerned about a baby’s weight and the mother’s low mood.',
  'Neighbour reports shouting and a young child left alone in the evenings.',
  'The child disclosed to a teacher that a parent hit them with a belt.',
  'A&E saw the child with an injury whose explanation does not fit.',
  'Housing report the family faces eviction; the home is in very poor condition.',
  'Parent asks for help managing the child’s behaviour and says they cannot cope.',
  'Young person missing from home overnight and found with older adults.',
  'GP worried about parental drug use and the care of the children.',
  'Probation share that a relative convicted of offences against children has moved in.',
  'School attendance below 60% this term and the family have not responded to letters.',
  'Young person self-harming and saying they do not want to go home.',
  'Anonymous caller says the children are often left with no food in the house.',
  'Early help worker reports no progress after six months and rising concern.',
  'Midwife concerned about an unborn baby: previous children were removed elsewhere.',
]

/** Invented practitioner notes (case notes), varied so the chronology reads like a file. */
export const COUNTY_NOTES: readonly string[] = [
  'Phone call with mother: agreed the next home visit and what it is for.',
  'Spoke with the class teacher: attendance has improved this half term.',
  'Home visit: the home was clean and warm; the child showed me their room.',
  'Met the child at school; they talked about their friends and a new club.',
  'Father did not attend the planned meeting; a letter sent offering another date.',
  'Discussed the case with the health visitor; weight gain is on track.',
  'Family group conference arranged with the grandparents.',
  'Received an update from the police: no further incidents reported.',
  'Text message from mother cancelling today’s visit; rearranged for Thursday.',
  'Case discussed with my manager; agreed to continue the plan.',
  'Completed direct work with the child about their worries using three houses.',
  'Referred the family to the local food bank and the housing team.',
  'School nurse shared that the child has been seen for a health check.',
  'Mother says the new tenancy starts next month; the family will stay in the area.',
  'Chased the GP for the health report for conference.',
]
